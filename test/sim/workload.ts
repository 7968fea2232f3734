/**
 * Simulated clients: appends (RPUSH, half of them followed by WAIT 1) and reads (LRANGE) of a
 * fixed set of list keys, routed with a client-side slot map that follows MOVED and refreshes
 * from a node's view otherwise, as a cluster client does. Each key has at most one operation in
 * flight and gets increasing values, so its final list tells exactly which acknowledged writes
 * survived (an overwrite would hide a lost write behind a later one).
 */
import { keyHashSlot } from "../../src/commands/slot";
import type { Reply } from "../../src/resp/reply";
import { Rng } from "./rng";
import { listOn, ownerOf, slotRange } from "./cluster";
import type { Sim } from "./sim";

interface KeyHistory {
  /** Highest value sent (applied or not). */
  attempted: number;
  /** Values whose SET was answered OK. */
  acked: number[];
  /** Values whose append was answered and whose WAIT 1 then counted a replica. */
  waited: number[];
  durableCount: number;
  busy: boolean;
}

export interface DataReport {
  writes: number;
  acked: number;
  /** Acked and WAIT-ed (≥ 1 replica acknowledged). */
  durable: number;
  reads: number;
  /** Acknowledged writes whose value was gone after convergence (asynchronous replication loses these). */
  lostAcked: number;
  /** WAIT-ed writes lost: must be 0 where only failovers happened. */
  lostDurable: number;
  /** A read or final value no client ever wrote: must never happen. */
  phantom: string | null;
}

export class Workload {
  private readonly rng: Rng;
  private readonly keys: string[];
  private readonly history = new Map<string, KeyHistory>();
  private readonly map: string[];
  private writes = 0;
  private reads = 0;
  private phantom: string | null = null;
  running = true;

  constructor(private readonly sim: Sim, seed: number, masters: string[], keyCount = 24) {
    this.rng = new Rng(seed);
    this.keys = Array.from({ length: keyCount }, (_, i) => `key:${i}`);
    for (const k of this.keys) this.history.set(k, { attempted: 0, acked: [], waited: [], durableCount: 0, busy: false });
    this.map = [];
    masters.forEach((name, i) => {
      const [start, end] = slotRange(i, masters.length);
      for (let s = start; s <= end; s++) this.map[s] = name;
    });
  }

  /** Starts one operation every `everyMs` until `stop()`. */
  start(everyMs: number): void {
    this.sim.every(everyMs, () => void this.operate(), () => this.running);
  }

  stop(): void {
    this.running = false;
  }

  private async operate(): Promise<void> {
    const free = this.keys.filter((k) => !this.history.get(k)!.busy);
    if (free.length === 0) return;
    const key = this.rng.pick(free);
    const h = this.history.get(key)!;
    h.busy = true;
    try {
      if (this.rng.chance(0.3)) await this.read(key, h);
      else await this.write(key, h, this.rng.chance(0.5));
    } finally {
      h.busy = false;
    }
  }

  private async write(key: string, h: KeyHistory, wait: boolean): Promise<void> {
    const value = ++h.attempted;
    this.writes++;
    const cmds = [["RPUSH", key, String(value)], ...(wait ? [["WAIT", "1", "200"]] : [])];
    const replies = await this.send(key, cmds);
    if (!replies || replies[0]!.t !== "int") return;
    h.acked.push(value);
    const w = replies[1];
    if (wait && w?.t === "int" && Number(w.v) >= 1) {
      h.waited.push(value);
      h.durableCount++;
    }
  }

  private async read(key: string, h: KeyHistory): Promise<void> {
    const replies = await this.send(key, [["LRANGE", key, "0", "-1"]]);
    this.reads++;
    const r = replies?.[0];
    if (r?.t === "array") this.phantom ??= historyProblem(key, r.v.map((e) => (e.t === "bulk" ? Number(e.v) : NaN)), h);
  }

  /**
   * Sends to the slot's node as the client believes it, following at most 3 redirects: MOVED
   * updates the map, ASK (a slot being moved by MIGRATE) sends this command alone to the target
   * after ASKING. TRYAGAIN and other errors: not applied, given up.
   */
  private async send(key: string, cmds: string[][]): Promise<Reply[] | null> {
    const slot = keyHashSlot(key);
    let node = this.map[slot]!;
    let asking = false;
    for (let hop = 0; hop < 3; hop++) {
      let replies: Reply[];
      try {
        replies = asking ? (await this.sim.execute(node, [["ASKING"], ...cmds])).slice(1) : await this.sim.execute(node, cmds);
      } catch {
        this.refresh(slot);
        return null; // the outcome is unknown: it may have been applied
      }
      const first = replies[0]!;
      if (first.t !== "error") return replies;
      const moved = /^MOVED \d+ ([^:]+):/.exec(first.v);
      const ask = /^ASK \d+ ([^:]+):/.exec(first.v);
      if (moved) {
        this.map[slot] = moved[1]!;
        node = moved[1]!;
        asking = false;
      } else if (ask) {
        node = ask[1]!;
        asking = true;
      } else {
        this.refresh(slot);
        return null;
      }
    }
    return null;
  }

  /** What CLUSTER SLOTS from a random running node would say about `slot`. */
  private refresh(slot: number): void {
    const states = this.sim.states();
    if (states.length === 0) return;
    const owner = this.rng.pick(states).slots[slot];
    if (owner) this.map[slot] = owner.name;
  }

  /** After convergence: each key's value at its owner against what clients were told. */
  report(): DataReport {
    let lostAcked = 0;
    let lostDurable = 0;
    let acked = 0;
    let durable = 0;
    let phantom = this.phantom;
    for (const [key, h] of this.history) {
      const owner = ownerOf(this.sim, keyHashSlot(key));
      if (!owner) {
        phantom ??= `no owner for ${key}`;
        continue;
      }
      const final = listOn(this.sim, owner, key);
      // A key lives on one master only (its slot's owner): a copy elsewhere is one a reader could see.
      for (const st of this.sim.states()) {
        const n = st.myself.name;
        if (n !== owner && st.myself.slaveof === null && listOn(this.sim, n, key).length > 0) phantom ??= `${key} on ${n} as well as on its owner ${owner}`;
      }
      phantom ??= historyProblem(key, final, h);
      const present = new Set(final);
      acked += h.acked.length;
      durable += h.durableCount;
      lostAcked += h.acked.filter((v) => !present.has(v)).length;
      lostDurable += h.waited.filter((v) => !present.has(v)).length;
    }
    return { writes: this.writes, acked, durable, reads: this.reads, lostAcked, lostDurable, phantom };
  }
}

/** A list a key can hold: values some client sent, each once, in the order they were sent. */
function historyProblem(key: string, items: number[], h: KeyHistory): string | null {
  for (let i = 0; i < items.length; i++) {
    const v = items[i]!;
    if (!(v >= 1 && v <= h.attempted)) return `${key} holds ${v}, which no client wrote`;
    if (i > 0 && v <= items[i - 1]!) return `${key} holds ${items[i - 1]} before ${v}: duplicated or reordered`;
  }
  return null;
}
