/**
 * Slot routing. Each command is checked locally (unknown command, arity, permissions, CROSSSLOT),
 * its slot computed from its keys, and the batch grouped per node: one `execute()` RPC per node,
 * all nodes in parallel, replies put back in order. MGET/MSET/DEL/EXISTS/UNLINK/TOUCH whose keys
 * span slots are split per slot and reassembled. `MOVED` updates the slot map and retries on the
 * named node; `ASK` retries that command on the target with `asking`; at most MAX_HOPS hops.
 *
 * A router in direct mode (the /node/<name> routes) sends everything to one node as-is and
 * returns redirections to the caller.
 */
import type { BStr } from "../resp/bytes";
import { arr, ERR, error, int, NULL_ARRAY, OK, type Reply } from "../resp/reply";
import { arityOk, keyIndexes, lookupCommand } from "../commands/registry";
import { keyHashSlot } from "../commands/slot";
import { connectionCommands } from "../commands/connection";
import type { CommandDef, ConnState } from "../commands/types";
import type { NodeRpc } from "../node/client";
import type { WatchToken } from "../node/watch";
import { unknownCommandError } from "../node/dispatch";
import { permissionError } from "./auth";
import { errorText, refusedCall, rpcTooLarge } from "./call-errors";
import { SUSPECT_REFRESH_MS, type SlotMap } from "./slot-map";

export const MAX_HOPS = 5;
/** A node call unanswered this long makes the node suspect (see `call`). */
export const SLOW_CALL_MS = 500;

export type NodeLookup = (name: string) => NodeRpc;

/** Why the router asks for a slot map refresh (see `refreshInBackground`). */
export type RefreshTrigger = "due" | "moved" | "unreachable";

const CONNECTION_DEFS = new Map(connectionCommands.map((d) => [d.name, d]));

/** The command table entry, connection commands included (the gateway answers those itself). */
export function lookup(name: BStr): CommandDef | undefined {
  return lookupCommand(name) ?? CONNECTION_DEFS.get(name.toLowerCase());
}

/** A redirection error: MOVED (map is stale) or ASK (slot migrating; one-shot). */
export interface Redirect {
  ask: boolean;
  slot: number;
  node: string;
}

export function parseRedirect(r: Reply): Redirect | null {
  if (r.t !== "error") return null;
  const ask = r.v.startsWith("ASK ");
  if (!ask && !r.v.startsWith("MOVED ")) return null;
  const parts = r.v.split(" ");
  if (parts.length !== 3) return null;
  const slot = Number(parts[1]);
  const addr = parts[2]!;
  const colon = addr.lastIndexOf(":");
  const node = colon > 0 ? addr.slice(0, colon) : addr;
  if (!Number.isInteger(slot) || node === "") return null;
  return { ask, slot, node };
}

/** What the router remembers between calls for one client (see `execute`). */
export interface RouterSession {
  lastWriteNode?: string;
}

/** One RPC-bound piece of work: a whole command, or one slot's share of a split command. */
interface Part {
  argv: BStr[];
  slot: number | null;
  /** Explicit target after a redirection (or in direct mode). */
  node?: string;
  asking?: boolean;
  reply?: Reply;
}

/** A command whose keys span slots, split per slot. `positions[i]` = key positions of part i. */
interface Split {
  kind: "mget" | "sum" | "ok";
  keys: number;
  parts: Part[];
  positions: number[][];
}

type Plan = { reply: Reply } | { part: Part } | { split: Split };

/** Multi-key commands the gateway splits per slot, with their key step and how replies combine. */
const SPLITTABLE: Record<string, { step: number; kind: Split["kind"] }> = {
  mget: { step: 1, kind: "mget" },
  mset: { step: 2, kind: "ok" },
  del: { step: 1, kind: "sum" },
  exists: { step: 1, kind: "sum" },
  unlink: { step: 1, kind: "sum" },
  touch: { step: 1, kind: "sum" },
};

export interface RouterOptions {
  /** Direct mode: every command goes to this node, redirections are returned, nothing is split. */
  fixedNode?: string;
  /** Keeps background work (map refreshes) alive after the response (ExecutionContext.waitUntil). */
  waitUntil?: (p: Promise<unknown>) => void;
  /** The command table (tests substitute their own). */
  lookup?: (name: BStr) => CommandDef | undefined;
}

const REFRESH_CONN: ConnState = { resp: 2, admin: true };

export class Router {
  constructor(
    readonly map: SlotMap,
    private readonly nodeOf: NodeLookup,
    private readonly opts: RouterOptions = {},
  ) {}

  /** Checks a command locally; returns its slot (null: keyless) or the error reply. */
  check(argv: BStr[], conn: ConnState): { def: CommandDef; slot: number | null } | { reply: Reply } {
    if (argv.length === 0) return { reply: error("ERR empty command") };
    const def = (this.opts.lookup ?? lookup)(argv[0]!);
    if (!def) return { reply: unknownCommandError(argv) };
    if (!arityOk(def, argv.length)) return { reply: error(ERR.wrongArity(def.name)) };
    const denied = permissionError(def, argv, conn);
    if (denied) return { reply: denied };
    const idx = keyIndexes(def, argv);
    if (idx.length === 0) return { def, slot: null };
    const slot = keyHashSlot(argv[idx[0]!]!);
    for (let i = 1; i < idx.length; i++) {
      if (keyHashSlot(argv[idx[i]!]!) !== slot) return { def, slot: -1 };
    }
    return { def, slot };
  }

  private plan(argv: BStr[], conn: ConnState): Plan {
    const c = this.check(argv, conn);
    if ("reply" in c) return c;
    if (this.opts.fixedNode !== undefined) return { part: { argv, slot: c.slot, node: this.opts.fixedNode } };
    if (c.slot !== -1) return { part: { argv, slot: c.slot } };
    const how = SPLITTABLE[c.def.name];
    if (!how) return { reply: error(ERR.crossSlot) };
    const bySlot = new Map<number, { part: Part; pos: number[] }>();
    for (let i = 1, k = 0; i < argv.length; i += how.step, k++) {
      const slot = keyHashSlot(argv[i]!);
      let g = bySlot.get(slot);
      if (!g) bySlot.set(slot, (g = { part: { argv: [argv[0]!], slot }, pos: [] }));
      for (let j = 0; j < how.step; j++) g.part.argv.push(argv[i + j]!);
      g.pos.push(k);
    }
    const groups = [...bySlot.values()];
    return {
      split: { kind: how.kind, keys: (argv.length - 1) / how.step, parts: groups.map((g) => g.part), positions: groups.map((g) => g.pos) },
    };
  }

  /**
   * Runs independent commands (a pipeline): one execute() per node, replies in order. `session`
   * (one per WebSocket connection, one per HTTP request) remembers the node of the last write, so
   * WAIT goes to the master that has to replicate it.
   */
  async execute(cmds: BStr[][], conn: ConnState, session: RouterSession = {}): Promise<Reply[]> {
    if (this.map.wantsRefresh()) this.refreshInBackground();
    const plans = cmds.map((argv) => this.plan(argv, conn));
    const parts: Part[] = [];
    for (const [i, p] of plans.entries()) {
      if ("reply" in p) continue;
      const routed = "part" in p ? [p.part] : p.split.parts;
      const first = routed[0]!;
      const name = cmds[i]![0]!.toLowerCase();
      if (name === "wait" && session.lastWriteNode !== undefined) first.node = session.lastWriteNode;
      else if (first.slot !== null && (this.opts.lookup ?? lookup)(name)?.flags.includes("write")) {
        session.lastWriteNode = first.node ?? this.map.owner(first.slot);
      }
      parts.push(...routed);
    }
    if (parts.length > 0) await this.run(parts, conn);
    return plans.map((p) => ("reply" in p ? p.reply : "part" in p ? p.part.reply! : combine(p.split)));
  }

  /** Sends parts to their nodes, following redirections, until each has its reply. */
  private async run(parts: Part[], conn: ConnState): Promise<void> {
    let todo = parts;
    let moved = false;
    for (let hop = 0; todo.length > 0; hop++) {
      const groups = this.group(todo);
      await Promise.all(
        [...groups].map(async ([key, group]) => {
          const asking = key.charCodeAt(0) === 0;
          const node = asking ? key.slice(1) : key;
          const c = asking ? { ...conn, asking: true } : conn;
          try {
            const mayBlock = group.some((p) => this.mayBlock(p.argv));
            // A hung call whose slots all moved elsewhere is answered MOVED (see `call`).
            const slots = group.map((p) => p.slot);
            const movedAway = asking || slots.includes(null) ? undefined : (): Reply[] | null =>
              slots.every((s) => this.map.owner(s!) !== node) ? slots.map((s) => error(`MOVED ${s} ${this.map.owner(s!)}:6379`)) : null;
            const replies = await this.call(node, (n) => n.execute(group.map((p) => p.argv), c), { mayBlock, movedAway });
            for (let i = 0; i < group.length; i++) group[i]!.reply = replies[i] ?? error("ERR no reply from node");
          } catch (e) {
            const r = rpcTooLarge(e) ? refusedCall(e) : error(`CLUSTERDOWN node ${node} unreachable: ${errorText(e)}`.replace(/[\r\n]/g, " "));
            for (const p of group) p.reply = r;
          }
        }),
      );
      if (this.opts.fixedNode !== undefined || hop >= MAX_HOPS) break;
      const next: Part[] = [];
      for (const p of todo) {
        const r = parseRedirect(p.reply!);
        if (!r) continue;
        p.node = r.node;
        p.asking = r.ask;
        if (!r.ask) {
          this.map.assign(r.slot, r.slot, r.node);
          moved = true;
        }
        next.push(p);
      }
      todo = next;
    }
    if (moved) this.refreshInBackground("moved");
  }

  /** Groups parts per target node (ASK retries apart); keyless parts ride along with keyed ones. */
  private group(parts: Part[]): Map<string, Part[]> {
    const groups = new Map<string, Part[]>();
    let keyless: Part[] | null = null;
    for (const p of parts) {
      if (p.node === undefined && p.slot === null) {
        (keyless ??= []).push(p);
        continue;
      }
      const node = p.node ?? this.map.owner(p.slot!);
      const key = p.asking ? "\u0000" + node : node;
      const g = groups.get(key);
      if (g) g.push(p);
      else groups.set(key, [p]);
    }
    if (keyless) {
      let target: Part[] | undefined;
      for (const [key, g] of groups) {
        if (key.charCodeAt(0) !== 0) {
          target = g;
          break;
        }
      }
      if (target) target.push(...keyless);
      else groups.set(this.map.anyNode(), keyless);
    }
    return groups;
  }

  /**
   * MULTI/EXEC: all commands on the node owning their (single) slot, atomically. `watches` holds
   * WATCH tokens per node; tokens of other nodes are checked first (an empty transaction with the
   * token answers a null array if a watched key changed).
   */
  async transaction(cmds: BStr[][], conn: ConnState, watches?: ReadonlyMap<string, WatchToken>): Promise<Reply> {
    if (this.map.wantsRefresh()) this.refreshInBackground();
    let slot: number | null = null;
    for (const argv of cmds) {
      const c = this.check(argv, conn);
      if ("reply" in c) {
        if (c.reply.t === "error" && c.reply.v.startsWith("NOPERM")) return c.reply;
        continue; // unknown command, arity: the node aborts with EXECABORT
      }
      if (c.slot === -1 || (c.slot !== null && slot !== null && c.slot !== slot)) return error(ERR.crossSlot);
      if (c.slot !== null) slot = c.slot;
    }
    let node = this.opts.fixedNode ?? (slot !== null ? this.map.owner(slot) : (watches?.keys().next().value ?? this.map.anyNode()));
    if (watches) {
      for (const [n, token] of watches) {
        if (n === node) continue;
        const r = await this.call(n, (rpc) => rpc.transaction([], conn, token));
        if (r.t === "nullarray") return NULL_ARRAY;
      }
    }
    let asking = false;
    for (let hop = 0; ; hop++) {
      let r: Reply;
      try {
        r = await this.call(node, (rpc) => rpc.transaction(cmds, asking ? { ...conn, asking: true } : conn, watches?.get(node)));
      } catch (e) {
        if (rpcTooLarge(e)) return refusedCall(e);
        throw e;
      }
      const redirect = this.opts.fixedNode === undefined && hop < MAX_HOPS ? parseRedirect(r) : null;
      if (!redirect) return r;
      if (!redirect.ask) {
        this.map.assign(redirect.slot, redirect.slot, redirect.node);
        this.refreshInBackground("moved");
      }
      // The watched keys moved with their slot: their tokens are void, the transaction aborts.
      if (watches && watches.size > 0) return NULL_ARRAY;
      node = redirect.node;
      asking = redirect.ask;
    }
  }

  /** WATCH: a token from the node owning the keys' slot. */
  async watch(keys: BStr[]): Promise<{ node: string; token: WatchToken } | { reply: Reply }> {
    const slot = keyHashSlot(keys[0]!);
    for (const k of keys) if (keyHashSlot(k) !== slot) return { reply: error(ERR.crossSlot) };
    const node = this.opts.fixedNode ?? this.map.owner(slot);
    return { node, token: await this.call(node, (rpc) => rpc.watch(keys)) };
  }

  /**
   * One RPC to a node. Its reply clears the node's suspect mark; a throw marks it and asks for a
   * refresh (so a promoted replica is found), then propagates. So does a call still unanswered
   * after SLOW_CALL_MS (a stopped node hangs rather than fails), except one that may block by
   * design. If that refresh moves all of the call's slots to other nodes, `movedAway` answers for
   * it (MOVED, which the caller follows) and the hung call is abandoned. Its writes cannot land
   * twice: a node back from a stall runs its cron before serving, learns that its slots moved (a
   * newer configEpoch), and answers MOVED; cut off from the cluster, it answers CLUSTERDOWN.
   * Direct mode leaves the map alone.
   */
  private async call<T>(
    node: string, rpc: (n: NodeRpc) => Promise<T>, opts: { mayBlock?: boolean; movedAway?: () => T | null } = {},
  ): Promise<T> {
    if (this.opts.fixedNode !== undefined) return rpc(this.nodeOf(node));
    const suspect = (): Promise<unknown> => {
      this.map.markSuspect(node);
      return this.refreshInBackground("unreachable");
    };
    let slow: ReturnType<typeof setTimeout> | undefined;
    const rerouted = new Promise<T>((resolve) => {
      if (opts.mayBlock) return;
      // After SLOW_CALL_MS, and then every SUSPECT_REFRESH_MS while it hangs: refresh, and look.
      const check = (): void => {
        void suspect().then(() => {
          const moved = opts.movedAway?.();
          if (moved) resolve(moved);
          else if (slow !== undefined) slow = setTimeout(check, SUSPECT_REFRESH_MS);
        });
      };
      slow = setTimeout(check, SLOW_CALL_MS);
    });
    try {
      const answer = rpc(this.nodeOf(node)).then((v) => {
        this.map.clearSuspect(node);
        return v;
      });
      return await Promise.race([answer, rerouted]);
    } catch (e) {
      if (!rpcTooLarge(e)) void suspect();
      throw e;
    } finally {
      clearTimeout(slow);
      slow = undefined;
    }
  }

  /** Whether a command may legitimately wait (blocking commands, WAIT). */
  private mayBlock(argv: BStr[]): boolean {
    const name = argv[0]!.toLowerCase();
    return name === "wait" || ((this.opts.lookup ?? lookup)(name)?.flags.includes("blocking") ?? false);
  }

  /**
   * Starts a background CLUSTER SLOTS refresh: "due" when the map was never learned, "moved" (no
   * rate limit: the map is known stale), "unreachable" (a node threw: the map's rate limit, which
   * is short while a suspect node still owns slots).
   */
  refreshInBackground(trigger: RefreshTrigger = "due"): Promise<boolean> {
    if (this.opts.fixedNode !== undefined) return Promise.resolve(false);
    if (trigger === "due" && !this.map.wantsRefresh()) return Promise.resolve(false);
    const p = this.map.refresh(async (node) => {
      const [r] = await this.nodeOf(node).execute([["CLUSTER", "SLOTS"]], REFRESH_CONN);
      return r ?? error("ERR no reply");
    }, trigger === "moved");
    try {
      this.opts.waitUntil?.(p);
    } catch {
      // the request that created this router is over (long-lived WebSocket): the refresh still runs
    }
    return p;
  }
}

/** Reassembles a split command's replies (the first error wins). */
function combine(s: Split): Reply {
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
