/**
 * A tiny deterministic replication simulator: DataNodes on a fake clock, ticking every second,
 * a network that drops, duplicates, delays and reorders messages, and client writes on the
 * current master. Everything random comes from one seed. After every message it checks the
 * safety property: a connected replica's data equals the master's data at the replica's offset.
 */
import { setMaster, tick, type Outcome, type ReplMessage } from "../../../src/replication";
import { EventQueue, type Timed } from "../../sim/event-queue";
import { Rng } from "../../sim/rng";
import { DataNode, T0 } from "./helpers";

export interface Faults {
  dropRate: number;
  dupRate: number;
  slowRate: number;
}

export const LOSSY: Faults = { dropRate: 0.1, dupRate: 0.05, slowRate: 0.05 };
export const PERFECT: Faults = { dropRate: 0, dupRate: 0, slowRate: 0 };

type Ev = Timed & ({ kind: "tick"; node: string } | { kind: "deliver"; to: string; msg: ReplMessage } | { kind: "write" });

export class ReplSim {
  readonly nodes = new Map<string, DataNode>();
  readonly rng: Rng;
  private readonly net: Rng;
  private readonly q = new EventQueue<Ev>();
  now = T0;
  faults: Faults = LOSSY;
  /** Where client writes go; null: no writes. */
  writer: string | null = null;
  /** The dataset after each offset of the (single, continued) history, for the safety check. */
  readonly history = new Map<number, string>();
  readonly violations: string[] = [];
  delivered = 0;
  private inFlight = 0;

  constructor(seed: number, names: string[]) {
    this.rng = new Rng(seed);
    this.net = this.rng.fork();
    names.forEach((name, i) => {
      this.nodes.set(name, new DataNode(name, i + 1, this.rng.fork().fn));
      this.q.push({ kind: "tick", node: name, time: T0 + 100 + i * 333 });
    });
    this.q.push({ kind: "write", time: T0 + 50 });
  }

  node(name: string): DataNode {
    const n = this.nodes.get(name)!;
    n.now = this.now;
    return n;
  }

  follow(replica: string, master: string | null): void {
    const r = this.node(replica);
    this.process(r, setMaster(r.st, master ? { name: master, port: 6379 } : null, r.env));
  }

  /** Runs every event up to `until`. */
  runUntil(until: number): void {
    for (;;) {
      const e = this.q.peek();
      if (!e || e.time > until) break;
      this.step(this.q.pop()!);
    }
    this.now = until;
  }

  /** Runs until no message is in flight (ticks included, so it ends between ticks). */
  settle(): void {
    while (this.inFlight > 0) this.step(this.q.pop()!);
  }

  private step(e: Ev): void {
    this.now = e.time;
    if (e.kind === "tick") {
      const n = this.node(e.node);
      this.process(n, tick(n.st, n.env));
      this.q.push({ kind: "tick", node: e.node, time: e.time + 1000 });
    } else if (e.kind === "deliver") {
      this.delivered++;
      this.inFlight--;
      const n = this.node(e.to);
      this.process(n, n.receive(e.msg));
    } else {
      if (this.writer) {
        const n = this.node(this.writer);
        const key = `k${this.rng.int(8)}`;
        this.process(n, this.rng.chance(0.2) ? n.write("DEL", key) : n.write("SET", key, `v${this.rng.int(1000)}`));
      }
      this.q.push({ kind: "write", time: e.time + 50 + this.rng.int(250) });
    }
  }

  /** Carries out an outcome of `n`: effects, snapshot pages, then messages through the network. */
  private process(n: DataNode, out: Outcome): void {
    const outs = [out];
    for (let i = 0; i < outs.length; i++) {
      outs.push(...n.effects(outs[i]!));
      for (const s of outs[i]!.send) this.transmit(s.to, s.msg);
    }
    if (n.name === this.writer) this.history.set(n.st.master_repl_offset, dump(n));
    this.check();
  }

  private transmit(to: string, msg: ReplMessage): void {
    if (this.net.chance(this.faults.dropRate)) return;
    const copies = this.net.chance(this.faults.dupRate) ? 2 : 1;
    for (let i = 0; i < copies; i++) {
      const slow = this.net.chance(this.faults.slowRate) ? this.net.int(800) : 0;
      this.inFlight++;
      this.q.push({ kind: "deliver", to, msg, time: this.now + 1 + this.net.int(40) + slow });
    }
  }

  private check(): void {
    for (const r of this.nodes.values()) {
      const l = r.st.link;
      if (!l || l.state !== "connected") continue;
      const expected = this.history.get(l.reploff);
      if (expected !== undefined && expected !== dump(r)) {
        this.violations.push(`${r.name} at offset ${l.reploff}: ${dump(r)} != ${expected}`);
      }
    }
  }
}

function dump(n: DataNode): string {
  return JSON.stringify([...n.data.entries()].sort());
}
