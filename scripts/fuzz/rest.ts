/**
 * Fuzz target: random and mutated JSON bodies and paths into the REST request parsing
 * (src/gateway/rest-body.ts), and every 8th body through the REST handlers themselves
 * (`jsonCommand` / `pipeline` / `multiExec` of src/gateway/rest.ts) with a Router over a fake node.
 *
 * Checks: nothing throws; refusals are RestInputErrors with a 400/413 status and an ERR message;
 * accepted commands are non-empty byte strings within the limits; whatever bytes arrive, the result
 * is what the body's JSON (if it parses) calls for under the limits. Through the handlers: every
 * response is JSON (or raw RESP when asked), and a request answered with an error ran nothing.
 */
import { fromText, type BStr } from "../../src/resp/bytes";
import { arr, type Reply } from "../../src/resp/reply";
import { parseBatch, parseCommand, parsePathCommand, RestInputError, type RestLimits } from "../../src/gateway/rest-body";
import { jsonCommand, multiExec, pipeline, type RestTarget } from "../../src/gateway/rest";
import { Router } from "../../src/gateway/router";
import { SlotMap } from "../../src/gateway/slot-map";
import { REST_CONN } from "../../src/gateway/auth";
import type { NodeRpc } from "../../src/node-rpc";
import type { Env } from "../../src/env";
import { check, mutateBytes, type Rng } from "./rng";

export interface RestStats {
  bodies: number;
  accepted: number;
  refused: Record<string, number>;
  requests: number;
}

const NAMES = ["GET", "SET", "ECHO", "PING", "DEL", "MGET", "INCRBY", "NOPE", "multi", "hello"];
const STRINGS = ["k", "", "héllo ✓", "\u0000", "\ud83d\ude00", "\ud800", "\\", '"', "\r\n", "%41"];
const INTERESTING = ["[", "]", "{", "}", ",", '"', ":", "null", "true", "1e999", "-0", "\\u0000", "\\ud800", "\\", "\xff", " ", "[[", "]]"];
const CODES = new Set(["body-too-large", "bad-json", "bad-command", "too-many-commands", "bulk-too-long", "bad-path"]);

function randomValue(rng: Rng): unknown {
  switch (rng.int(9)) {
    case 0: return rng.pick(STRINGS);
    case 1: return rng.pick(["a", "é", "✓"]).repeat(rng.range(0, 150));
    case 2: return rng.int(2_000_000) - 1_000_000;
    case 3: return (rng.next() - 0.5) * 10 ** rng.range(-5, 30);
    case 4: return rng.chance(0.5);
    case 5: return rng.pick([null, {}, [], [1], 1e308, Number.MAX_SAFE_INTEGER + 2]);
    default: return rng.pick(NAMES);
  }
}

function randomCommand(rng: Rng): unknown[] {
  return [rng.pick(NAMES), ...Array.from({ length: rng.range(0, 5) }, () => randomValue(rng))];
}

function randomBody(rng: Rng, batch: boolean): unknown {
  if (rng.chance(0.05)) return randomValue(rng);
  if (!batch) return randomCommand(rng);
  return Array.from({ length: rng.range(rng.chance(0.05) ? 0 : 1, rng.chance(0.1) ? 20 : 6) }, () =>
    rng.chance(0.05) ? randomValue(rng) : randomCommand(rng));
}

type Outcome = { code: string } | { argv: BStr[] } | { cmds: BStr[][] };

/** The specification: what a body whose JSON is `value` (undefined: not JSON) must give. */
function expectedOf(value: unknown, bytes: number, batch: boolean, l: RestLimits): Outcome {
  if (bytes > l.maxBodyBytes) return { code: "body-too-large" };
  if (value === undefined) return { code: "bad-json" };
  const argvOf = (v: unknown): BStr[] | string => {
    if (!Array.isArray(v) || v.length === 0) return "bad-command";
    const argv: BStr[] = [];
    for (const a of v as unknown[]) {
      if (typeof a === "string") argv.push(fromText(a));
      else if (typeof a === "number" || typeof a === "boolean") argv.push(String(a));
      else return "bad-command";
    }
    return argv.some((a) => a.length > l.maxBulkLen) ? "bulk-too-long" : argv;
  };
  if (!batch) {
    const a = argvOf(value);
    return typeof a === "string" ? { code: a } : { argv: a };
  }
  if (!Array.isArray(value) || value.length === 0) return { code: "bad-command" };
  if (value.length > l.maxCommands) return { code: "too-many-commands" };
  const cmds: BStr[][] = [];
  for (const c of value as unknown[]) {
    const a = argvOf(c);
    if (typeof a === "string") return { code: a };
    cmds.push(a);
  }
  return { cmds };
}

function outcomeOf(r: BStr[] | BStr[][] | RestInputError, batch: boolean): Outcome {
  if (r instanceof RestInputError) {
    check(CODES.has(r.code) && (r.status === 400 || r.status === 413) && r.message.startsWith("ERR "), `bad refusal ${r.code} ${r.status}`);
    check((r.status === 413) === (r.code === "body-too-large"), "413 is for bodies too large only");
    return { code: r.code };
  }
  return batch ? { cmds: r as BStr[][] } : { argv: r as BStr[] };
}

function parsedJson(body: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(body)) as unknown;
  } catch {
    return undefined;
  }
}

export function fuzzRestBody(rng: Rng, stats: RestStats): { body: Uint8Array; batch: boolean } {
  const batch = rng.chance(0.6);
  let body = new TextEncoder().encode(JSON.stringify(randomBody(rng, batch)) ?? "");
  if (rng.chance(0.6)) body = mutateBytes(rng, body, INTERESTING);
  const limits: RestLimits = rng.chance(0.5)
    ? { maxBodyBytes: rng.range(16, 4096), maxCommands: rng.range(1, 16), maxBulkLen: rng.range(1, 128) }
    : { maxBodyBytes: 16 * 1024 * 1024, maxCommands: 10_000, maxBulkLen: 512 * 1024 * 1024 };
  const got = outcomeOf(batch ? parseBatch(body, limits) : parseCommand(body, limits), batch);
  const want = expectedOf(body.length > limits.maxBodyBytes ? null : parsedJson(body), body.length, batch, limits);
  check(JSON.stringify(got) === JSON.stringify(want), `REST body parsed as ${JSON.stringify(got).slice(0, 200)}, expected ${JSON.stringify(want).slice(0, 200)}`);
  stats.bodies++;
  if ("code" in got) stats.refused[got.code] = (stats.refused[got.code] ?? 0) + 1;
  else stats.accepted++;
  fuzzPath(rng, limits);
  return { body, batch };
}

const SEGMENTS = ["get", "set", "k", "%41", "%", "%zz", "%e2%82", "%ff", "%E2%9C%93", "", "a b", "x".repeat(100)];

function fuzzPath(rng: Rng, limits: RestLimits): void {
  const segs = Array.from({ length: rng.range(0, 5) }, () => rng.pick(SEGMENTS));
  const query = rng.chance(0.3) ? "?" + Array.from({ length: rng.range(1, 3) }, () => `${rng.pick(SEGMENTS)}=${rng.pick(SEGMENTS)}`).join("&") : "";
  const body = rng.chance(0.3) ? new Uint8Array(rng.int(200)).fill(rng.int(256)) : null;
  const r = parsePathCommand(`http://gw/${segs.join("/")}${query}`, 0, body, limits);
  if (r instanceof RestInputError) {
    check(r.code === "bad-path" || r.code === "bulk-too-long", `path refused with ${r.code}`);
    return;
  }
  check(r.length > 0 && r.every((a) => a.length <= limits.maxBulkLen && /^[\x00-\xff]*$/.test(a)), "path command breaks the limits");
}

/** The fake node behind a real Router: records what runs, answers each command with its text. */
function fakeNode(ran: BStr[][]): NodeRpc {
  const replies = (cmds: BStr[][]): Reply[] => cmds.map((c) => ({ t: "bulk", v: c.join(" ") }));
  return {
    execute: async (cmds) => {
      ran.push(...cmds.filter((c) => c[0] !== "CLUSTER"));
      return replies(cmds);
    },
    transaction: async (cmds) => {
      ran.push(...cmds);
      return arr(replies(cmds));
    },
    watch: async () => ({ incarnation: "x", seq: 0, keys: {} }),
    coordinate: async (req) => {
      ran.push(...req.cmds);
      return req.multi ? arr(replies(req.cmds)) : replies(req.cmds)[0]!;
    },
  };
}

/** Sends `body` through a REST handler; checks the response shape and that refusals ran nothing. */
export async function fuzzRestRequest(rng: Rng, body: Uint8Array, batch: boolean, stats: RestStats): Promise<void> {
  const ran: BStr[][] = [];
  const map = new SlotMap(["n0"]);
  map.learned = true;
  const t: RestTarget = {
    env: { PROTO_MAX_BULK_LEN: String(rng.range(1, 200)) } as Env,
    router: new Router(map, () => fakeNode(ran)),
    conn: REST_CONN.data,
  };
  const raw = rng.chance(0.2);
  const path = batch ? rng.pick(["/pipeline", "/multi-exec"]) : "/";
  const req = new Request(`http://gw${path}`, {
    method: "POST", body, headers: raw ? { "Upstash-Response-Format": "resp2" } : { "Upstash-Encoding": rng.pick(["base64", "none"]) },
  });
  const res = await (path === "/" ? jsonCommand : path === "/pipeline" ? pipeline : multiExec)(req, t);
  const text = await res.text();
  const json = res.headers.get("Content-Type") === "application/json";
  check(json || (raw && res.status === 200), `response is not JSON (${res.status})`);
  if (json) check(parsedJson(new TextEncoder().encode(text)) !== undefined, "response body is not valid JSON");
  if (res.status !== 200) {
    check(ran.length === 0, "a request answered with an error ran commands");
    if (json) check(typeof (JSON.parse(text) as { error?: unknown }).error === "string", "error response without an error string");
  }
  stats.requests++;
}
