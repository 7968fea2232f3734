/**
 * What moves or locks keys between nodes over the peer transport, in one place: cross-node
 * transactions (txn-shell.ts), MIGRATE (migrate-shell.ts) and atomic slot migration
 * (slot-migration.ts). They share the key locks (KeyLocks, owned by the transaction shell), the
 * way values travel (DUMP payloads in pages) and one message router.
 */
import type { BStr } from "../resp/bytes";
import type { Reply } from "../resp/reply";
import type { ConnState } from "../commands/types";
import type { WatchToken } from "../node-rpc";
import type { Keyspace } from "../keyspace/db";
import { slotIsOpen } from "../cluster";
import { isMigrateRequest, isSlotMigrationRequest, type PeerReply, type PeerRequest } from "../txn/messages";
import type { DispatchEnv, SlotGate } from "./dispatch";
import type { ClusterShell } from "./cluster-shell";
import type { ReplicationShell } from "./replication-shell";
import type { RuntimePorts } from "./ports";
import { TxnShell } from "./txn-shell";
import { nodeTxnHost } from "./key-images";
import { MigrateShell } from "./migrate-shell";
import { SlotMigrations } from "./slot-migration";
import { slotMigrationHost } from "./slot-migration-host";

/** What the runtime lends. */
export interface CrossNodeParts {
  readonly name: string;
  readonly nodeId: string;
  readonly db: Keyspace;
  readonly cluster: ClusterShell;
  readonly repl: ReplicationShell;
  /** The runtime's slot gate (MOVED/ASK/..., READONLY, NOREPLICAS). */
  gate: SlotGate;
  /** A dispatch environment without slot gate. */
  env(conn: ConnState): DispatchEnv;
  watchChanged(token: WatchToken): boolean;
  /** A slot import's stream: as the master client, replicated. */
  applyAsMaster(cmds: BStr[][]): void;
  /** Publishes keyspace events now (a committed cross-node run's: no batch flushes them). */
  publish(events: [BStr, BStr][]): void;
  failed(what: string, e: unknown): void;
}

const MASTER_CONN: ConnState = { resp: 2, admin: true };

export class CrossNode {
  readonly txns: TxnShell;
  readonly migrate: MigrateShell;
  readonly slots: SlotMigrations;

  constructor(p: CrossNodeParts, ports: RuntimePorts) {
    const { sql, clock, transport } = ports;
    this.txns = new TxnShell(nodeTxnHost({
      name: p.name, ports, db: p.db, gate: (slot, def, keys) => p.gate(slot, def, keys, MASTER_CONN),
      ownerOf: (slot) => p.cluster.state.slots[slot]?.name ?? null,
      watchChanged: p.watchChanged,
      isMaster: () => !p.repl.isReplica,
      env: p.env,
      feed: (effects) => p.repl.feed(effects),
      publish: p.publish,
      failed: p.failed,
    }));
    this.migrate = new MigrateShell({
      name: p.name, sql, clock, db: p.db, locks: this.txns.locks, peer: (to, msg) => transport.peer(to, msg),
      knows: (name) => [...p.cluster.state.nodes.values()].some((n) => n.name === name),
      gate: p.gate, slotOpen: (slot) => slotIsOpen(p.cluster.state, slot), feed: (cmds) => p.repl.feed(cmds),
      importing: (job, slot) => this.slots.importing(job, slot),
    });
    this.slots = new SlotMigrations(slotMigrationHost({ ...p, txns: this.txns }, ports, {
      applyAsMaster: p.applyAsMaster,
      flushBus: (out) => p.cluster.send(out.send),
      failed: p.failed,
    }));
    p.repl.onFeed = (cmds) => this.slots.tap(cmds);
  }

  /** A message from another node. */
  handle(req: PeerRequest): Promise<PeerReply> {
    if (isMigrateRequest(req)) return this.migrate.handle(req);
    if (isSlotMigrationRequest(req)) return this.slots.handle(req);
    return this.txns.handle(req);
  }

  /** Consecutive MIGRATEs over disjoint keys (async: they wait for the target): their replies in order. */
  migrateCommands(argvs: BStr[][], conn: ConnState): Promise<Reply[]> {
    return this.migrate.commands(argvs, conn);
  }

  tick(): void {
    this.txns.tick();
    this.slots.tick();
  }

  nextDeadline(): number | null {
    return this.txns.nextDeadline();
  }
}
