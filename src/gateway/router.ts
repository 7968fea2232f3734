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
import { runDiscoveredScripts } from "./script-keys";
import { ScriptSpread } from "./script-spread";
import type { BStr } from "../resp/bytes";
import { ERR, error, NULL_ARRAY, type Reply } from "../resp/reply";
import { arityOk, keyIndexes, lookupCommand, unknownCommandError } from "../commands/registry";
import { keyHashSlot } from "../commands/slot";
import type { CommandSpec, ConnState } from "../commands/types";
import { parseRedirect, redirectReply, type Redirect } from "../cluster/redirect";
import type { NodeRpc, WatchToken } from "../node-rpc";
import { permissionError } from "./auth";
import { errorText, isNodeClusterDown, refusedCall, rpcTooLarge } from "./call-errors";
import { SUSPECT_REFRESH_MS, type SlotMap } from "./slot-map";
import { inOrderAroundWide, isKeyspaceWide, keyspaceWide, type WideHost } from "./keyspace-wide";
import { crossNode, type CrossNodeHost } from "./cross-node";
import { combine, splitPerSlot, SPLITTABLE, type Part, type Split } from "./split";
import { Backoff, isTryAgain } from "./try-again";

export const MAX_HOPS = 5;
/** A node call unanswered this long makes the node suspect (see `call`). */
export const SLOW_CALL_MS = 500;

export type NodeLookup = (name: string) => NodeRpc;

/** Why the router asks for a slot map refresh (see `refreshInBackground`). */
export type RefreshTrigger = "due" | "moved" | "unreachable";

/** Where a command's keys hash: no key, one slot, or several (CROSSSLOT, unless it can be split). */
export type KeySlots = { kind: "keyless" } | { kind: "slot"; slot: number } | { kind: "crossslot" };

/** The slot of `slots`, null for a keyless command (callers have dealt with CROSSSLOT). */
const slotOf = (slots: KeySlots): number | null => (slots.kind === "slot" ? slots.slot : null);

/** What the router remembers between calls for one client (see `execute`). */
export interface RouterSession {
  lastWriteNode?: string;
}

/** The parts one RPC carries. */
interface Group {
  node: string;
  asking: boolean;
  parts: Part[];
}

type Plan = { reply: Reply } | { part: Part } | { split: Split };

export interface RouterOptions {
  /** Direct mode: every command goes to this node, redirections are returned, nothing is split. */
  fixedNode?: string;
  /** Keeps background work (map refreshes) alive after the response (ExecutionContext.waitUntil). */
  waitUntil?: (p: Promise<unknown>) => void;
  /** The command table (tests substitute their own). */
  lookup?: (name: BStr) => CommandSpec | undefined;
}

const REFRESH_CONN: ConnState = { resp: 2, admin: true };

export class Router {
  /** EVAL's scripts, cached on every master (script-spread.ts). */
  private readonly scripts = new ScriptSpread();

  constructor(
    readonly map: SlotMap,
    private readonly nodeOf: NodeLookup,
    private readonly opts: RouterOptions = {},
  ) {}

  private lookup(name: BStr): CommandSpec | undefined {
    return (this.opts.lookup ?? lookupCommand)(name);
  }

  /** Checks a command locally; returns where its keys hash, or the error reply. */
  check(argv: BStr[], conn: ConnState): { def: CommandSpec; slots: KeySlots } | { reply: Reply } {
    if (argv.length === 0) return { reply: error("ERR empty command") };
    const def = this.lookup(argv[0]!);
    if (!def) return { reply: unknownCommandError(argv) };
    if (!arityOk(def, argv.length)) return { reply: error(ERR.wrongArity(def.name)) };
    const denied = permissionError(def, argv, conn);
    if (denied) return { reply: denied };
    const idx = keyIndexes(def, argv);
    if (idx.length === 0) return { def, slots: { kind: "keyless" } };
    const slot = keyHashSlot(argv[idx[0]!]!);
    for (let i = 1; i < idx.length; i++) {
      if (keyHashSlot(argv[idx[i]!]!) !== slot) return { def, slots: { kind: "crossslot" } };
    }
    return { def, slots: { kind: "slot", slot } };
  }

  private plan(argv: BStr[], conn: ConnState): Plan {
    const c = this.check(argv, conn);
    if ("reply" in c) return c;
    if (this.opts.fixedNode !== undefined) {
      return { part: { argv, slot: slotOf(c.slots), target: { kind: "node", node: this.opts.fixedNode, asking: false } } };
    }
    if (c.slots.kind !== "crossslot") return { part: { argv, slot: slotOf(c.slots), target: { kind: "owner" } } };
    const split = splitPerSlot(argv, c.def);
    return split ? { split } : { reply: error(ERR.crossSlot) };
  }

  /**
   * Runs independent commands (a pipeline): one execute() per node, replies in order. `session`
   * (one per WebSocket connection, one per HTTP request) remembers the node of the last write, so
   * WAIT goes to the master that has to replicate it. Keyspace-wide commands (SCAN, KEYS, DBSIZE,
   * ...) cover every master (keyspace-wide.ts), except in direct mode.
   */
  async execute(cmds: BStr[][], conn0: ConnState, session: RouterSession = {}): Promise<Reply[]> {
    if (this.map.wantsRefresh()) this.refreshInBackground();
    if (this.opts.fixedNode !== undefined) return this.executeBatch(cmds, conn0, session);
    const conn: ConnState = { ...conn0, oneDatabase: true, retriesScripts: true };
    const replies = await inOrderAroundWide(cmds, (batch) => this.executeBatch(batch, conn, session), (argv) => {
      const c = this.check(argv, conn);
      if ("reply" in c) return Promise.resolve(c.reply);
      return c.slots.kind === "crossslot" ? crossNode(this.crossNodeHost(), [argv], false, conn) : keyspaceWide(argv, this.wideHost(conn));
    }, (argv) => isKeyspaceWide(argv) || this.crossNodeCommand(argv, conn));
    await runDiscoveredScripts(cmds, replies, (argv, extra) => crossNode(this.crossNodeHost(), [argv], false, conn, undefined, extra));
    await this.scripts.after(cmds, replies, (argv) => keyspaceWide(argv, this.wideHost(conn)));
    return replies;
  }

  /** True in the one-database mode for a command whose keys span slots and that is not split per slot. */
  private crossNodeCommand(argv: BStr[], conn: ConnState): boolean {
    if (this.opts.fixedNode !== undefined) return false;
    const c = this.check(argv, conn);
    return !("reply" in c) && c.slots.kind === "crossslot" && SPLITTABLE[c.def.name] === undefined;
  }

  /** The one-database mode (the cluster routes): keys may span slots and nodes. Direct mode: Redis Cluster's rules. */
  get oneDatabase(): boolean {
    return this.opts.fixedNode === undefined;
  }

  private crossNodeHost(): CrossNodeHost {
    return {
      map: this.map,
      call: (node, rpc) => this.call(node, rpc),
      moved: (slot, node, port) => {
        this.map.assign(slot, slot, node, port);
        void this.refreshInBackground("moved");
      },
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    };
  }

  private wideHost(conn: ConnState): WideHost {
    return {
      map: this.map,
      learnedMap: async () => {
        if (!this.map.learned) await this.refreshInBackground("moved");
      },
      execute: (node, cmds, extra) => this.call(node, (n) => n.execute(cmds, extra ? { ...conn, ...extra } : conn)),
      moved: (slot, node, port) => {
        this.map.assign(slot, slot, node, port);
        void this.refreshInBackground("moved");
      },
    };
  }

  private async executeBatch(cmds: BStr[][], conn: ConnState, session: RouterSession): Promise<Reply[]> {
    const plans = cmds.map((argv) => this.plan(argv, conn));
    const parts: Part[] = [];
    for (const [i, p] of plans.entries()) {
      if ("reply" in p) continue;
      const routed = "part" in p ? [p.part] : p.split.parts;
      const first = routed[0]!;
      const name = cmds[i]![0]!.toLowerCase();
      if (name === "wait" && session.lastWriteNode !== undefined) {
        first.target = { kind: "node", node: session.lastWriteNode, asking: false };
      } else if (first.slot !== null && this.lookup(name)?.flags.includes("write")) {
        session.lastWriteNode = first.target.kind === "node" ? first.target.node : this.map.owner(first.slot);
      }
      parts.push(...routed);
    }
    if (parts.length > 0) await this.run(parts, conn);
    return plans.map((p) => ("reply" in p ? p.reply : "part" in p ? p.part.reply! : combine(p.split)));
  }

  /**
   * Sends parts to their nodes, following redirections, until each has its reply. A node whose
   * replies outgrow its budget answers only the first commands of a batch (EXECUTE_REPLY_BUDGET):
   * the others go to it again, in order, and that costs no hop. TRYAGAIN (a slot being moved, a
   * key locked) is tried again after a pause (try-again.ts), to the same target.
   */
  private async run(parts: Part[], conn: ConnState): Promise<void> {
    let todo = parts;
    let moved = false;
    const backoff = new Backoff();
    for (let hop = 0; todo.length > 0; ) {
      // Parts a node refused with CLUSTERDOWN, by that node (see `isNodeClusterDown`).
      const down: { part: Part; node: string }[] = [];
      await Promise.all(
        this.group(todo).map(async ({ node, asking, parts: group }) => {
          const c = asking ? { ...conn, asking: true } : conn;
          try {
            const mayBlock = group.some((p) => this.mayBlock(p.argv));
            // A hung call whose slots all moved elsewhere is answered MOVED (see `call`).
            const slots = group.map((p) => p.slot);
            const movedAway = asking || slots.includes(null) ? undefined : (): Reply[] | null =>
              slots.every((s) => this.map.owner(s!) !== node) ? slots.map((s) => this.movedReply(s!)) : null;
            const replies = await this.call(node, (n) => n.execute(group.map((p) => p.argv), c), { mayBlock, movedAway });
            if (replies.length === 0) throw new Error("no reply from node");
            for (let i = 0; i < replies.length && i < group.length; i++) group[i]!.reply = replies[i];
            if (!asking) for (const p of group) if (p.slot !== null && isNodeClusterDown(p.reply)) down.push({ part: p, node });
          } catch (e) {
            const r = rpcTooLarge(e) ? refusedCall(e) : error(`CLUSTERDOWN node ${node} unreachable: ${errorText(e)}`.replace(/[\r\n]/g, " "));
            for (const p of group) p.reply = r;
          }
        }),
      );
      const rest = todo.filter((p) => p.reply === undefined);
      const next: Part[] = [];
      if (this.opts.fixedNode === undefined && hop < MAX_HOPS) {
        for (const p of todo) {
          const r = p.reply === undefined ? null : parseRedirect(p.reply);
          if (!r) continue;
          p.reply = undefined;
          p.target = { kind: "node", node: r.node, asking: r.kind === "ask" };
          if (r.kind === "moved") {
            this.map.assign(r.slot, r.slot, r.node, r.port);
            moved = true;
          }
          next.push(p);
        }
        // A stale map may route slots to a node that left the cluster: re-learn it, and follow it
        // where it now names another owner (the refusing node ran nothing).
        if (down.length > 0) await this.refreshInBackground("moved");
        for (const { part, node } of down) {
          if (this.map.owner(part.slot!) === node) continue;
          part.reply = undefined;
          part.target = { kind: "owner" };
          next.push(part);
        }
        if (next.length > 0) hop++;
      }
      const again = this.opts.fixedNode === undefined && backoff.left ? todo.filter((p) => isTryAgain(p.reply)) : [];
      for (const p of again) p.reply = undefined;
      if (again.length > 0) await backoff.next();
      todo = [...rest, ...next, ...again];
    }
    if (moved) this.refreshInBackground("moved");
  }

  /** What a node would answer for a command on `slot` that the map now routes elsewhere. */
  private movedReply(slot: number): Reply {
    const node = this.map.owner(slot);
    return redirectReply({ kind: "moved", slot, node, port: this.map.portOf(node) });
  }

  /** Groups parts per target node (ASK retries apart); keyless parts ride along with keyed ones. */
  private group(parts: Part[]): Group[] {
    const groups: Group[] = [];
    const plain = new Map<string, Group>();
    const asking = new Map<string, Group>();
    let keyless: Part[] | null = null;
    for (const p of parts) {
      if (p.target.kind === "owner" && p.slot === null) {
        (keyless ??= []).push(p);
        continue;
      }
      const [node, ask] = p.target.kind === "node" ? [p.target.node, p.target.asking] : [this.map.owner(p.slot!), false];
      const byNode = ask ? asking : plain;
      let g = byNode.get(node);
      if (!g) {
        g = { node, asking: ask, parts: [] };
        byNode.set(node, g);
        groups.push(g);
      }
      g.parts.push(p);
    }
    if (keyless) {
      const first = plain.values().next();
      if (!first.done) first.value.parts.push(...keyless);
      else groups.push({ node: this.map.anyNode(), asking: false, parts: keyless });
    }
    return groups;
  }

  /**
   * MULTI/EXEC: all commands on the node owning their (single) slot, atomically. `watches` holds
   * WATCH tokens per node; tokens of other nodes are checked first (an empty transaction with the
   * token answers a null array if a watched key changed).
   */
  async transaction(cmds: BStr[][], conn0: ConnState, watches?: ReadonlyMap<string, WatchToken>): Promise<Reply> {
    const conn: ConnState = this.opts.fixedNode === undefined ? { ...conn0, oneDatabase: true } : conn0;
    if (this.map.wantsRefresh()) this.refreshInBackground();
    let slot: number | null = null;
    let crossSlot = false;
    for (const argv of cmds) {
      const c = this.check(argv, conn);
      if ("reply" in c) {
        if (c.reply.t === "error" && c.reply.v.startsWith("NOPERM")) return c.reply;
        continue; // unknown command, arity: the node aborts with EXECABORT
      }
      if (c.slots.kind === "keyless") continue;
      if (c.slots.kind === "crossslot" || (slot !== null && c.slots.slot !== slot)) crossSlot = true;
      else slot = c.slots.slot;
    }
    if (crossSlot && this.opts.fixedNode !== undefined) return error(ERR.crossSlot);
    let node = this.opts.fixedNode ?? (slot !== null ? this.map.owner(slot) : (watches?.keys().next().value ?? this.map.anyNode()));
    // Keys on several slots, or WATCHed keys on another node: the cross-node protocol, atomic over all of them.
    if (this.opts.fixedNode === undefined && (crossSlot || [...(watches?.keys() ?? [])].some((n) => n !== node))) {
      return crossNode(this.crossNodeHost(), cmds, true, conn, watches);
    }
    if (watches) {
      for (const [n, token] of watches) {
        if (n === node) continue;
        const r = await this.call(n, (rpc) => rpc.transaction([], conn, token));
        if (r.t === "nullarray") return NULL_ARRAY;
      }
    }
    let asking = false;
    const backoff = new Backoff();
    for (let hop = 0; ; hop++) {
      let r: Reply;
      try {
        r = await this.call(node, (rpc) => rpc.transaction(cmds, asking ? { ...conn, asking: true } : conn, watches?.get(node)));
      } catch (e) {
        if (rpcTooLarge(e)) return refusedCall(e);
        throw e;
      }
      if (this.opts.fixedNode === undefined && isTryAgain(r) && backoff.left) {
        await backoff.next();
        hop--;
        continue;
      }
      const redirect: Redirect | null = this.opts.fixedNode === undefined && hop < MAX_HOPS
        ? parseRedirect(r) ?? (await this.downElsewhere(r, slot, node, asking)) : null;
      if (!redirect) return r;
      if (redirect.kind === "moved") {
        this.map.assign(redirect.slot, redirect.slot, redirect.node, redirect.port);
        this.refreshInBackground("moved");
      }
      // The watched keys moved with their slot: their tokens are void, the transaction aborts.
      if (watches && watches.size > 0) return NULL_ARRAY;
      node = redirect.node;
      asking = redirect.kind === "ask";
    }
  }

  /** A node's CLUSTERDOWN for `slot`: after a refresh, MOVED to the owner the map names now, if another node. */
  private async downElsewhere(r: Reply, slot: number | null, node: string, asking: boolean): Promise<Redirect | null> {
    if (slot === null || asking || !isNodeClusterDown(r)) return null;
    await this.refreshInBackground("moved");
    const owner = this.map.owner(slot);
    return owner === node ? null : { kind: "moved", slot, node: owner, port: this.map.portOf(owner) };
  }

  /** WATCH: a token from each node owning some of the keys (direct mode: one slot, one node). */
  async watch(keys: BStr[]): Promise<{ tokens: { node: string; token: WatchToken }[] } | { reply: Reply }> {
    const fixed = this.opts.fixedNode;
    if (fixed !== undefined) {
      const slot = keyHashSlot(keys[0]!);
      for (const k of keys) if (keyHashSlot(k) !== slot) return { reply: error(ERR.crossSlot) };
      return { tokens: [{ node: fixed, token: await this.call(fixed, (rpc) => rpc.watch(keys)) }] };
    }
    const byNode = new Map<string, BStr[]>();
    for (const k of keys) {
      const node = this.map.owner(keyHashSlot(k));
      byNode.set(node, [...(byNode.get(node) ?? []), k]);
    }
    const tokens = await Promise.all([...byNode].map(async ([node, ks]) => ({ node, token: await this.call(node, (rpc) => rpc.watch(ks)) })));
    return { tokens };
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

  /** Whether a command may legitimately wait: blocking commands, and WAIT (Redis flags it no "blocking"). */
  private mayBlock(argv: BStr[]): boolean {
    const name = argv[0]!.toLowerCase();
    return name === "wait" || (this.lookup(name)?.flags.includes("blocking") ?? false);
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
