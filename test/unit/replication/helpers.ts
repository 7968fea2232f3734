/** Fixtures for the replication core: configs, envs over a MemoryBacklog, message helpers. */
import {
  createState, feed, MemoryBacklog, receive, setMaster, snapshotPage, tick, type Env, type Outcome, type ReplConfig,
  type ReplMessage, type ReplicationState,
} from "../../../src/replication";

export const CONFIG: ReplConfig = {
  backlogSizeBytes: 1024 * 1024,
  backlogTtlSec: 3600,
  pingReplicaPeriodSec: 10,
  timeoutSec: 60,
  minReplicasToWrite: 0,
  minReplicasMaxLagSec: 10,
  replicaPriority: 100,
  cronMs: 1000,
};

export const T0 = 1_700_000_000_000;

/** A deterministic rand: a counter, so two ids drawn from it differ. */
export function counterRand(seed = 1): () => number {
  let i = seed;
  return () => ((i = (i * 7919 + 13) % 10007) / 10007);
}

/** One node's state, backlog bytes and clock. */
export class TestNode {
  readonly st: ReplicationState;
  readonly backlog = new MemoryBacklog();
  now = T0;
  config: ReplConfig = { ...CONFIG };
  readonly rand: () => number;

  constructor(readonly name: string, seed = 1, rand?: () => number) {
    this.rand = rand ?? counterRand(seed);
    this.st = createState(name, this.now, this.rand);
  }

  get env(): Env {
    return { now: this.now, rand: this.rand, config: this.config, backlog: this.backlog };
  }

  receive(msg: ReplMessage): Outcome {
    return receive(this.st, msg, this.env);
  }
}

/** The messages of an outcome sent to `to` (all if omitted). */
export function sent(out: Outcome, to?: string): ReplMessage[] {
  return out.send.filter((s) => to === undefined || s.to === to).map((s) => s.msg);
}

export function only<T extends ReplMessage["type"]>(out: Outcome, type: T, to?: string): Extract<ReplMessage, { type: T }> {
  const ms = sent(out, to).filter((m) => m.type === type);
  if (ms.length !== 1) throw new Error(`expected one ${type}, got ${JSON.stringify(out.send)}`);
  return ms[0] as Extract<ReplMessage, { type: T }>;
}

/** Applies a replica's effects to a Map keyspace (SET/DEL only) and builds snapshot pages. */
export class DataNode extends TestNode {
  readonly data = new Map<string, string>();
  /** Keys per snapshot page. */
  pageKeys = 2;
  /** Snapshots kept for replicas in full sync: name → pages (JSON). */
  readonly snapshots = new Map<string, { offset: number; pages: string[] }>();

  /** Carries out effects; returns the outcomes of snapshot pages (to deliver like any other). */
  effects(out: Outcome): Outcome[] {
    const more: Outcome[] = [];
    for (const e of out.effects) {
      if (e.kind === "apply") {
        for (const [cmd, k, v] of e.commands) {
          if (cmd === "SET") this.data.set(k!, v!);
          else if (cmd === "DEL") this.data.delete(k!);
        }
      } else if (e.kind === "flush-all") {
        this.data.clear();
      } else if (e.kind === "load-snapshot") {
        for (const [k, v] of JSON.parse(e.data) as [string, string][]) this.data.set(k, v);
      } else if (e.kind === "take-snapshot") {
        this.snapshots.set(e.replica, { offset: e.offset, pages: this.pages() });
      } else if (e.kind === "send-snapshot-page") {
        const s = this.snapshots.get(e.replica);
        if (!s || s.offset !== e.offset) continue;
        const input = { page: e.page, last: e.page === s.pages.length - 1, data: s.pages[e.page]! };
        more.push(snapshotPage(this.st, e.replica, e.offset, input, this.env));
      } else if (e.kind === "release-snapshot") {
        if (this.snapshots.get(e.replica)?.offset === e.offset) this.snapshots.delete(e.replica);
      }
    }
    return more;
  }

  /** The dataset now, as pages (at least one, possibly empty). */
  pages(): string[] {
    const entries = [...this.data.entries()];
    const pages: string[] = [];
    for (let i = 0; i < entries.length; i += this.pageKeys) pages.push(JSON.stringify(entries.slice(i, i + this.pageKeys)));
    return pages.length > 0 ? pages : ["[]"];
  }

  /** A client write on this node: the keyspace changes and the effect enters the stream. */
  write(...argv: string[]): Outcome {
    if (argv[0] === "SET") this.data.set(argv[1]!, argv[2]!);
    if (argv[0] === "DEL") this.data.delete(argv[1]!);
    return feed(this.st, [argv], this.env);
  }
}

/** A perfect network: messages are delivered at once, in order, until nothing is left. */
export class Net {
  readonly nodes = new Map<string, DataNode>();

  add(...nodes: DataNode[]): void {
    for (const n of nodes) this.nodes.set(n.name, n);
  }

  set now(t: number) {
    for (const n of this.nodes.values()) n.now = t;
  }

  /** Delivers everything `out` (produced by node `from`) causes, recursively. */
  run(from: DataNode, out: Outcome): void {
    const queue: [DataNode, Outcome][] = [[from, out]];
    while (queue.length > 0) {
      const [node, o] = queue.shift()!;
      for (const more of node.effects(o)) queue.push([node, more]);
      for (const s of o.send) {
        const target = this.nodes.get(s.to);
        if (target) queue.push([target, target.receive(s.msg)]);
      }
    }
  }

  follow(replica: DataNode, master: DataNode | null): void {
    this.run(replica, setMaster(replica.st, master ? { name: master.name, port: 6379 } : null, replica.env));
  }

  tick(node: DataNode): void {
    this.run(node, tick(node.st, node.env));
  }
}

/** A master "m" and a replica "r" that follows it, on one network. */
export function synced(): { net: Net; m: DataNode; r: DataNode } {
  const net = new Net();
  const m = new DataNode("m", 1);
  const r = new DataNode("r", 2);
  net.add(m, r);
  net.follow(r, m);
  return { net, m, r };
}
