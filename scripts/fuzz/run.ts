/**
 * The fuzz loop shared by scripts/fuzz.ts and its vitest test: iteration i draws everything from
 * its own seed (so `--only i` replays it alone) and goes to one target by i mod 8: RESP (4/8, every
 * 32nd also through a Connection), REST (3/8, every 64th also through the REST handlers), glob
 * (1/8). Each iteration is bounded: the targets' loops have step budgets, and the asynchronous
 * parts must settle within ASYNC_BOUND_MS. The first broken invariant or crash stops the run.
 */
import { fuzzGlob, type GlobStats } from "./glob";
import { fuzzRestBody, fuzzRestRequest, type RestStats } from "./rest";
import { fuzzConnection, fuzzResp, type RespStats } from "./resp";
import { FuzzFailure, iterationSeed, Rng } from "./rng";

/** An asynchronous part still unsettled after this long counts as a hang. */
const ASYNC_BOUND_MS = 5000;

export interface FuzzOptions {
  count: number;
  seed: number;
  /** Runs this one iteration only (replay). */
  only?: number;
}

export interface FuzzResult {
  failure: { iteration: number; message: string } | null;
  iterations: number;
  line: string;
}

async function bounded(p: Promise<void>): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new FuzzFailure(`hang: not settled after ${ASYNC_BOUND_MS} ms`)), ASYNC_BOUND_MS);
  });
  try {
    await Promise.race([p, hang]);
  } finally {
    clearTimeout(timer);
  }
}

export async function runFuzz(opts: FuzzOptions): Promise<FuzzResult> {
  const resp: RespStats = { inputs: 0, commands: 0, protocolErrors: 0, connections: 0 };
  const rest: RestStats = { bodies: 0, accepted: 0, refused: {}, requests: 0 };
  const glob: GlobStats = { matches: 0, maxSteps: 0 };
  const start = performance.now();
  const from = opts.only ?? 0;
  const to = opts.only !== undefined ? opts.only + 1 : opts.count;
  let failure: FuzzResult["failure"] = null;
  let done = 0;
  for (let i = from; i < to && failure === null; i++) {
    const rng = new Rng(iterationSeed(opts.seed, i));
    try {
      const kind = i % 8;
      if (kind < 4) {
        const r = fuzzResp(rng, resp);
        if (i % 32 === 0) await bounded(fuzzConnection(rng, r.input, resp));
      } else if (kind < 7) {
        const r = fuzzRestBody(rng, rest);
        if (i % 64 === 4) await bounded(fuzzRestRequest(rng, r.body, r.batch, rest));
      } else {
        fuzzGlob(rng, glob);
      }
      done++;
    } catch (e) {
      const message = e instanceof FuzzFailure ? e.message : `crash: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`;
      failure = { iteration: i, message };
    }
  }
  const refused = Object.entries(rest.refused).sort().map(([k, n]) => `${k} ${n}`).join(", ");
  const seconds = ((performance.now() - start) / 1000).toFixed(1);
  const line =
    `fuzz seed=${opts.seed} iterations=${done} failures=${failure ? 1 : 0}` +
    ` | resp: ${resp.inputs} inputs, ${resp.commands} commands, ${resp.protocolErrors} protocol errors, ${resp.connections} connections` +
    ` | rest: ${rest.bodies} bodies (${rest.accepted} accepted; refused: ${refused}), ${rest.requests} requests` +
    ` | glob: ${glob.matches} matches, max ${glob.maxSteps} steps | ${seconds} s`;
  return { failure, iterations: done, line };
}
