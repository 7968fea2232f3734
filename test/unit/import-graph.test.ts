/**
 * The shape of src/'s module graph: relative imports, type-only ones included (as the shared
 * /work/shared/tools/import-cycles.mjs reads them). Two properties:
 * - no import cycles: a cycle makes load order matter (a module can see another half-initialized)
 *   and means two modules are really one;
 * - the gateway loads no node code: it needs the command table (names, arity, flags, keys), not
 *   the SQLite handlers, so nothing under src/keyspace/ or src/node/ may be reachable from it.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = resolve(__dirname, "../../src");

type Graph = Map<string, Set<string>>;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [p] : [];
  });
}

/** file (relative to src/) → the files it imports relatively, `import type` and re-exports included. */
function importGraph(): Graph {
  const re = /(?:import|export)\s[^;]*?from\s+["'](\.[^"']+)["']|import\s*\(\s*["'](\.[^"']+)["']\s*\)/g;
  const graph: Graph = new Map();
  for (const file of sourceFiles(SRC)) {
    const out = new Set<string>();
    for (const m of readFileSync(file, "utf8").matchAll(re)) {
      const target = resolve(dirname(file), m[1] ?? m[2]!).replace(/\.(js|ts)$/, "");
      const hit = [`${target}.ts`, join(target, "index.ts")].find((c) => existsSync(c));
      if (hit) out.add(relative(SRC, hit));
    }
    graph.set(relative(SRC, file), out);
  }
  return graph;
}

/** Strongly connected components with more than one file (or a self-import): Tarjan's algorithm. */
function cycles(graph: Graph): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const scc: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      scc.push(w);
    } while (w !== v);
    if (scc.length > 1 || graph.get(v)?.has(v)) found.push(scc.sort());
  };
  for (const f of graph.keys()) if (!index.has(f)) visit(f);
  return found;
}

function reachable(graph: Graph, from: string): Set<string> {
  const seen = new Set([from]);
  const todo = [from];
  for (let f = todo.pop(); f !== undefined; f = todo.pop()) {
    for (const t of graph.get(f) ?? []) {
      if (seen.has(t)) continue;
      seen.add(t);
      todo.push(t);
    }
  }
  return seen;
}

describe("src/ module graph", () => {
  const graph = importGraph();

  it("has no import cycle", () => {
    expect(cycles(graph)).toEqual([]);
  });

  it("gives the gateway no keyspace or node code to load", () => {
    const loaded = [...reachable(graph, "gateway/app.ts")];
    expect(loaded.filter((f) => f.startsWith("keyspace/") || f.startsWith("node/"))).toEqual([]);
  });
});
