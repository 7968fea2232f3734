/**
 * The gateway's slot → node map, kept in module memory (one per isolate, shared by all requests).
 * It starts with every slot on the first seed node, learns the real layout from a node's
 * `CLUSTER SLOTS` (the endpoint field is the node's Durable Object name), and is corrected slot by
 * slot by MOVED redirections. Refreshes are single-flight and rate-limited, and never block a
 * request: until a refresh lands, requests go where the map says and follow MOVED.
 */
import { CLUSTER_SLOTS } from "../commands/slot";
import type { Reply } from "../resp/reply";

/** Minimum time between two refresh attempts (a node that cannot answer CLUSTER SLOTS yet is not hammered). */
export const REFRESH_INTERVAL_MS = 2000;

export type SlotsFetcher = (node: string) => Promise<Reply>;

export class SlotMap {
  private readonly owners: string[];
  /** Masters that serve slots (or the seeds until a layout is learned). */
  private masters: string[];
  /** True once a CLUSTER SLOTS reply was applied. */
  learned = false;
  private inflight: Promise<boolean> | null = null;
  private lastAttempt = -Infinity;

  constructor(readonly seeds: readonly string[]) {
    if (seeds.length === 0) throw new Error("SlotMap needs at least one seed node");
    this.owners = new Array<string>(CLUSTER_SLOTS).fill(seeds[0]!);
    this.masters = [...seeds];
  }

  owner(slot: number): string {
    return this.owners[slot]!;
  }

  /** A node for keyless commands: a random known master. */
  anyNode(): string {
    const m = this.masters;
    return m.length === 1 ? m[0]! : m[Math.floor(Math.random() * m.length)]!;
  }

  /** Every node the map routes to. */
  nodes(): string[] {
    return [...this.masters];
  }

  /** Points slots [start, end] at `node` (MOVED, tests). */
  assign(start: number, end: number, node: string): void {
    for (let s = start; s <= end; s++) this.owners[s] = node;
    if (!this.masters.includes(node)) this.masters.push(node);
  }

  /** Applies a `CLUSTER SLOTS` reply; false (map unchanged) if it is not one. */
  apply(reply: Reply): boolean {
    if (reply.t !== "array") return false;
    const ranges: [number, number, string][] = [];
    for (const entry of reply.v) {
      if (entry.t !== "array" || entry.v.length < 3) return false;
      const [start, end, master] = entry.v as [Reply, Reply, Reply];
      if (start.t !== "int" || end.t !== "int" || master.t !== "array" || master.v.length < 1) return false;
      const endpoint = master.v[0]!;
      if (endpoint.t !== "bulk" && endpoint.t !== "simple") return false;
      if (endpoint.v === "" || endpoint.v === "?") continue;
      const [lo, hi] = [Number(start.v), Number(end.v)];
      if (lo < 0 || hi >= CLUSTER_SLOTS || lo > hi) return false;
      ranges.push([lo, hi, endpoint.v]);
    }
    if (ranges.length === 0) return false;
    const masters = new Set<string>();
    for (const [start, end, node] of ranges) {
      for (let s = start; s <= end; s++) this.owners[s] = node;
      masters.add(node);
    }
    this.masters = [...masters];
    this.learned = true;
    return true;
  }

  /** Whether a background refresh is due (not learned yet, and none tried recently). */
  wantsRefresh(now = Date.now()): boolean {
    return !this.learned && this.inflight === null && now - this.lastAttempt >= REFRESH_INTERVAL_MS;
  }

  /**
   * Asks a known node (then the seeds) for CLUSTER SLOTS, once at a time. `force` skips the rate
   * limit (after MOVED). Resolves true if a layout was applied. Never rejects.
   */
  refresh(fetch: SlotsFetcher, force = false): Promise<boolean> {
    if (this.inflight) return this.inflight;
    const now = Date.now();
    if (!force && now - this.lastAttempt < REFRESH_INTERVAL_MS) return Promise.resolve(false);
    this.lastAttempt = now;
    const candidates = [...new Set([this.anyNode(), ...this.seeds])];
    this.inflight = (async () => {
      try {
        for (const node of candidates) {
          try {
            if (this.apply(await fetch(node))) return true;
          } catch {
            // unreachable node: try the next one
          }
        }
        return false;
      } finally {
        this.inflight = null;
      }
    })();
    return this.inflight;
  }
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

