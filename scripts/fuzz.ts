/**
 * Fuzzes the input paths: random and mutated RESP into the streaming parser and a Connection,
 * mutated JSON bodies and paths into the REST request parsing and handlers, glob patterns into the
 * matcher (see scripts/fuzz/). Prints one summary line; on a failure, the iteration and the
 * command that replays it, and exits 1.
 *
 *   npx tsx scripts/fuzz.ts --count 1000000 --seed 42
 *   npx tsx scripts/fuzz.ts --seed 42 --only 1234        (replay one iteration)
 */
import { runFuzz } from "./fuzz/run";

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function intArg(name: string, fallback: number): number {
  const v = arg(name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got ${v}`);
  return n;
}

const seed = intArg("seed", Math.floor(Math.random() * 2 ** 31));
const count = intArg("count", 100_000);
const onlyArg = arg("only");
const only = onlyArg === undefined ? undefined : intArg("only", 0);
console.log(`fuzz: seed ${seed}, ${only === undefined ? `${count} iterations` : `iteration ${only} only`}`);
const r = await runFuzz({ seed, count, only });
console.log(r.line);
if (r.failure) {
  console.log(`FAIL at iteration ${r.failure.iteration}: ${r.failure.message}`);
  console.log(`replay: npx tsx scripts/fuzz.ts --seed ${seed} --only ${r.failure.iteration}`);
  process.exit(1);
}
