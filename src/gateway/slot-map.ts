/**
 * The gateway's slot → node map, kept in module memory (one per isolate, shared by all requests).
 * It starts with every slot on the first seed node, learns the real layout from a node's
 * `CLUSTER SLOTS` (the endpoint field is the node's Durable Object name), and is corrected slot by
 * slot by MOVED redirections. Refreshes are single-flight and rate-limited, and never block a
 * request: until a refresh lands, requests go where the map says and follow MOVED.
 *
 * Failover: a node whose RPC threw is "suspect". Refreshes ask the other nodes first, the
 * suspect's replicas before anyone (one of them is the node that will be promoted and knows it
 * first), and while a suspect still owns slots the rate limit drops to SUSPECT_REFRESH_MS so the
 * promotion is seen within a fraction of a second.
 */
import { CLUSTER_SLOTS } from "../commands/slot";
import { DEFAULT_PORT } from "../cluster/redirect";
import type { Reply } from "../resp/reply";

/** Minimum time between two refresh attempts (a node that cannot answer CLUSTER SLOTS yet is not hammered). */
export const REFRESH_INTERVAL_MS = 2000;
/** Minimum time between two refreshes while a suspect node still owns slots (waiting for its replacement). */
export const SUSPECT_REFRESH_MS = 200;
/** A suspect mark this old is dropped: a node nobody sent anything to since may be back (as a replica, say). */
export const SUSPECT_FORGET_MS = 30_000;

export type SlotsFetcher = (node: string) => Promise<Reply>;

export class SlotMap {
  private readonly owners: string[];
  /** Masters that serve slots (or the seeds until a layout is learned). */
  private masters: string[];
  /** Replicas per master, as the last CLUSTER SLOTS listed them. */
  private replicas = new Map<string, string[]>();
  /** The port each node shows (CLUSTER SLOTS, MOVED), for the redirections the gateway writes itself. */
  private readonly ports = new Map<string, number>();
  /** Nodes whose last RPC threw → when it last threw. */
  private readonly suspects = new Map<string, number>();
  /** True once a CLUSTER SLOTS reply was applied. */
  learned = false;
  private inflight: Promise<boolean> | null = null;
  private lastAttempt = -Infinity;
  /** Rotates the refresh candidates, so one slow node is not always asked first. */
  private turn = 0;

  constructor(
    readonly seeds: readonly string[],
    private readonly clock: () => number = Date.now,
  ) {
    if (seeds.length === 0) throw new Error("SlotMap needs at least one seed node");
    this.owners = new Array<string>(CLUSTER_SLOTS).fill(seeds[0]!);
    this.masters = [...seeds];
  }

  owner(slot: number): string {
    return this.owners[slot]!;
  }

  /** A node for keyless commands: a random known master, one that is not suspect if there is one. */
  anyNode(): string {
    const now = this.clock();
    const live = this.masters.filter((n) => !this.isSuspect(n, now));
    const m = live.length > 0 ? live : this.masters;
    return m.length === 1 ? m[0]! : m[Math.floor(Math.random() * m.length)]!;
  }

  /** Every node the map routes to. */
  nodes(): string[] {
    return [...this.masters];
  }

  /** Every node the last CLUSTER SLOTS named (masters, then replicas), and MOVED targets. */
  knownNodes(): string[] {
    return [...new Set([...this.masters, ...[...this.replicas.values()].flat()])];
  }

  /** The replicas CLUSTER SLOTS listed for `master`. */
  replicasOf(master: string): string[] {
    return [...(this.replicas.get(master) ?? [])];
  }

  /** Points slots [start, end] at `node` (MOVED, tests). */
  assign(start: number, end: number, node: string, port?: number): void {
    for (let s = start; s <= end; s++) this.owners[s] = node;
    if (!this.masters.includes(node)) this.masters.push(node);
    if (port !== undefined) this.ports.set(node, port);
  }

  /** The port `node` shows, as the last CLUSTER SLOTS or MOVED said (Redis's default until then). */
  portOf(node: string): number {
    return this.ports.get(node) ?? DEFAULT_PORT;
  }

  /** Records that an RPC to `node` threw. */
  markSuspect(node: string): void {
    this.suspects.set(node, this.clock());
  }

  /** Records that `node` answered. */
  clearSuspect(node: string): void {
    this.suspects.delete(node);
  }

  isSuspect(node: string, now = this.clock()): boolean {
    const t = this.suspects.get(node);
    if (t === undefined) return false;
    if (now - t < SUSPECT_FORGET_MS) return true;
    this.suspects.delete(node);
    return false;
  }

  /** Whether some slot is still routed to a suspect node (a failover episode is under way). */
  routesToSuspect(now = this.clock()): boolean {
    const owning = this.masters.filter((n) => this.isSuspect(n, now));
    return owning.length > 0 && this.owners.some((o) => owning.includes(o));
  }

  /** Applies a `CLUSTER SLOTS` reply; false (map unchanged) if it is not one. */
  apply(reply: Reply): boolean {
    if (reply.t !== "array") return false;
    const ranges: [number, number, string][] = [];
    const replicas = new Map<string, string[]>();
    const ports = new Map<string, number>();
    for (const entry of reply.v) {
      if (entry.t !== "array" || entry.v.length < 3) return false;
      const [start, end, master] = entry.v as [Reply, Reply, Reply];
      if (start.t !== "int" || end.t !== "int") return false;
      const endpoint = endpointOf(master);
      if (endpoint === null) return false;
      if (endpoint === "" || endpoint === "?") continue;
      portOf(master, endpoint, ports);
      const [lo, hi] = [Number(start.v), Number(end.v)];
      if (lo < 0 || hi >= CLUSTER_SLOTS || lo > hi) return false;
      ranges.push([lo, hi, endpoint]);
      const reps = replicas.get(endpoint) ?? [];
      for (const r of entry.v.slice(3)) {
        const name = endpointOf(r);
        if (!name || name === "?") continue;
        if (!reps.includes(name)) reps.push(name);
        portOf(r, name, ports);
      }
      replicas.set(endpoint, reps);
    }
    if (ranges.length === 0) return false;
    const masters = new Set<string>();
    for (const [start, end, node] of ranges) {
      for (let s = start; s <= end; s++) this.owners[s] = node;
      masters.add(node);
    }
    this.masters = [...masters];
    this.replicas = replicas;
    for (const [node, port] of ports) this.ports.set(node, port);
    this.learned = true;
    return true;
  }

  /** Whether a background refresh is due (not learned yet, and none tried recently). */
  wantsRefresh(now = this.clock()): boolean {
    return !this.learned && this.inflight === null && now - this.lastAttempt >= REFRESH_INTERVAL_MS;
  }

  /**
   * Whom a refresh asks, in order: replicas of suspect slot owners, the other known nodes (both
   * rotated at each refresh), the seeds, then the suspects, least recently failed first (the
   * only ones left to ask when everything else is down).
   */
  candidates(now = this.clock()): string[] {
    const live = (n: string) => !this.isSuspect(n, now);
    const known = this.knownNodes();
    const heirs = this.masters.filter((m) => !live(m)).flatMap((m) => this.replicasOf(m)).filter(live);
    const others = known.filter((n) => live(n) && !heirs.includes(n));
    const suspects = [...this.suspects]
      .filter(([n]) => !live(n) && (known.includes(n) || this.seeds.includes(n)))
      .sort((a, b) => a[1] - b[1])
      .map(([n]) => n);
    return [...new Set([...rotate(heirs, this.turn), ...rotate(others, this.turn), ...this.seeds.filter(live), ...suspects])];
  }

  /**
   * Asks the candidates for CLUSTER SLOTS until one answers with a layout, once at a time. Rate
   * limited to one attempt per REFRESH_INTERVAL_MS, or SUSPECT_REFRESH_MS while a suspect owns
   * slots; `force` skips the limit (after MOVED: the map is known to be stale). A node that throws
   * becomes suspect, one that answers stops being one. Resolves true if a layout was applied.
   * Never rejects.
   */
  refresh(fetch: SlotsFetcher, force = false): Promise<boolean> {
    if (this.inflight) return this.inflight;
    const now = this.clock();
    const interval = this.routesToSuspect(now) ? SUSPECT_REFRESH_MS : REFRESH_INTERVAL_MS;
    if (!force && now - this.lastAttempt < interval) return Promise.resolve(false);
    this.lastAttempt = now;
    const candidates = this.candidates(now);
    this.turn++;
    this.inflight = (async () => {
      try {
        for (const node of candidates) {
          let reply: Reply;
          try {
            reply = await fetch(node);
          } catch {
            this.markSuspect(node); // unreachable node: try the next one
            continue;
          }
          this.clearSuspect(node);
          if (this.apply(reply)) return true;
        }
        return false;
      } finally {
        this.inflight = null;
      }
    })();
    return this.inflight;
  }
}

/** The endpoint (Durable Object name) of a CLUSTER SLOTS node entry `[endpoint, port, id, ...]`; null if malformed. */
function endpointOf(r: Reply): string | null {
  if (r.t !== "array" || r.v.length < 1) return null;
  const e = r.v[0]!;
  return e.t === "bulk" || e.t === "simple" ? e.v : null;
}

/** Notes in `into` the port of a CLUSTER SLOTS node entry `[endpoint, port, id, ...]`, if it has one. */
function portOf(entry: Reply, node: string, into: Map<string, number>): void {
  const port = entry.t === "array" ? entry.v[1] : undefined;
  if (port?.t === "int") into.set(node, Number(port.v));
}

/** `xs` started at index `turn` (mod its length). */
function rotate<T>(xs: T[], turn: number): T[] {
  if (xs.length < 2) return xs;
  const k = turn % xs.length;
  return [...xs.slice(k), ...xs.slice(0, k)];
}

let shared: SlotMap | null = null;
let sharedSeeds = "";

/** Parses SEED_NODES ("node-0,node-1"); defaults to node-0. */
export function parseSeeds(seedNodes: string | undefined): string[] {
  const seeds = (seedNodes ?? "").split(",").map((s) => s.trim()).filter((s) => s !== "");
  return seeds.length > 0 ? seeds : ["node-0"];
}

/** The isolate's slot map for this SEED_NODES configuration. */
export function slotMapFor(seedNodes: string | undefined): SlotMap {
  const key = seedNodes ?? "";
  if (shared === null || sharedSeeds !== key) {
    shared = new SlotMap(parseSeeds(seedNodes));
    sharedSeeds = key;
  }
  return shared;
}
