/**
 * The protocol cores are sans-I/O: no clock, randomness, timers, storage, network or awaiting in
 * src/cluster and src/replication. Time, randomness and transport (and the backlog's byte store)
 * are inputs; their outputs are data. This is what lets the simulators run them deterministically.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const FORBIDDEN: [string, RegExp][] = [
  ["Date.now", /\bDate\.now\b/],
  ["new Date", /\bnew Date\b/],
  ["performance.now", /\bperformance\.now\b/],
  ["Math.random", /\bMath\.random\b/],
  ["setTimeout", /\bsetTimeout\b/],
  ["setInterval", /\bsetInterval\b/],
  ["crypto", /\bcrypto\b/],
  ["storage", /\bstorage\b/],
  ["fetch", /\bfetch\b/],
  ["await", /\bawait\b/],
  ["async", /\basync\b/],
  ["Promise", /\bPromise\b/],
];
const FORBIDDEN_IMPORTS = [
  /from "cloudflare:/, /from "hono/, /from "\.\.\/node\//, /from "\.\.\/gateway\//, /from "\.\.\/keyspace\//, /from "node:/,
];

for (const core of ["cluster", "replication"]) {
  const dir = join(__dirname, "../../src", core);

  describe(`src/${core} purity`, () => {
    const files = readdirSync(dir).filter((f) => f.endsWith(".ts"));

    it("has files to check", () => {
      expect(files.length).toBeGreaterThan(5);
    });

    for (const file of files) {
      it(`${file} touches no clock, randomness, timer, storage, network or await`, () => {
        const text = readFileSync(join(dir, file), "utf8");
        const found = FORBIDDEN.filter(([, re]) => re.test(text)).map(([name]) => name);
        const imports = FORBIDDEN_IMPORTS.filter((re) => re.test(text)).map(String);
        expect([...found, ...imports]).toEqual([]);
      });
    }

    it("index.ts only re-exports", () => {
      const text = readFileSync(join(dir, "index.ts"), "utf8").replace(/\/\*[\s\S]*?\*\//g, "");
      const statements = text.split(";").map((s) => s.trim()).filter(Boolean);
      expect(statements.every((s) => s.startsWith("export "))).toBe(true);
    });
  });
}

/**
 * The node runtime reads time, randomness and timers only through its clock port, so the
 * simulator can run it on simulated time; node.ts (the Durable Object adapter) binds the port to
 * the real ones. Comments may mention them.
 */
describe("src/node uses the clock port", () => {
  const dir = join(__dirname, "../../src/node");
  const REAL_TIME: [string, RegExp][] = [
    ["Date.now", /\bDate\.now\(/], ["new Date", /\bnew Date\b/], ["Math.random", /\bMath\.random\(/],
    ["setTimeout", /\bsetTimeout\(/], ["setInterval", /\bsetInterval\(/], ["crypto", /\bcrypto\./],
  ];
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".ts") && f !== "node.ts")) {
    it(`${file} reads no real clock, randomness or timer`, () => {
      const code = readFileSync(join(dir, file), "utf8").replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
      expect(REAL_TIME.filter(([, re]) => re.test(code)).map(([name]) => name)).toEqual([]);
    });
  }
});
