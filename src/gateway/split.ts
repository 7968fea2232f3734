/**
 * The router's units of work (router.ts): a part is one RPC-bound command, or one slot's share of
 * a multi-key command (MGET/MSET/DEL/EXISTS/UNLINK/TOUCH) whose keys span slots, which is split
 * per slot here and whose replies are reassembled in key order by `combine`.
 */
import type { BStr } from "../resp/bytes";
import { arr, int, OK, type Reply } from "../resp/reply";
import { keyHashSlot } from "../commands/slot";
import type { CommandSpec } from "../commands/types";

/**
 * Where a part goes: to its slot's owner as the map says when it is sent (keyless parts: with
 * any other call, or any node), or to a named node: after a redirection (ASK: with ASKING), or
 * in direct mode.
 */
export type Target = { kind: "owner" } | { kind: "node"; node: string; asking: boolean };

/** One RPC-bound piece of work: a whole command, or one slot's share of a split command. */
export interface Part {
  argv: BStr[];
  /** The slot of its keys (null: keyless); kept when a redirection names the node. */
  slot: number | null;
  target: Target;
  reply?: Reply;
}

/** A command whose keys span slots, split per slot. `positions[i]` = key positions of part i. */
export interface Split {
  kind: "mget" | "sum" | "ok";
  keys: number;
  parts: Part[];
  positions: number[][];
}

/** Multi-key commands the gateway splits per slot (by their table key step), and how replies combine. */
export const SPLITTABLE: Readonly<Record<string, Split["kind"]>> = { mget: "mget", mset: "ok", del: "sum", exists: "sum", unlink: "sum", touch: "sum" };

/** `argv` split per slot of its keys, or null when `def` is not a splittable command. */
export function splitPerSlot(argv: BStr[], def: CommandSpec): Split | null {
  const kind = SPLITTABLE[def.name];
  if (!kind) return null;
  const step = def.step;
  const bySlot = new Map<number, { part: Part; pos: number[] }>();
  for (let i = 1, k = 0; i < argv.length; i += step, k++) {
    const slot = keyHashSlot(argv[i]!);
    let g = bySlot.get(slot);
    if (!g) bySlot.set(slot, (g = { part: { argv: [argv[0]!], slot, target: { kind: "owner" } }, pos: [] }));
    for (let j = 0; j < step; j++) g.part.argv.push(argv[i + j]!);
    g.pos.push(k);
  }
  const groups = [...bySlot.values()];
  return { kind, keys: (argv.length - 1) / step, parts: groups.map((g) => g.part), positions: groups.map((g) => g.pos) };
}

/** Reassembles a split command's replies (the first error wins). */
export function combine(s: Split): Reply {
  for (const p of s.parts) if (p.reply!.t === "error") return p.reply!;
  if (s.kind === "ok") return OK;
  if (s.kind === "sum") {
    let n = 0;
    for (const p of s.parts) {
      const r = p.reply!;
      if (r.t === "int") n += Number(r.v); // counts of keys: always small
    }
    return int(n);
  }
  const out = new Array<Reply>(s.keys);
  s.parts.forEach((p, i) => {
    const r = p.reply!;
    const items = r.t === "array" ? r.v : [];
    s.positions[i]!.forEach((pos, j) => (out[pos] = items[j] ?? { t: "null" }));
  });
  return arr(out);
}
