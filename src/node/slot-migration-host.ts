/** What an atomic slot migration (slot-migration.ts) is lent of the node runtime. */
import type { BStr } from "../resp/bytes";
import type { Reply } from "../resp/reply";
import type { Outcome } from "../cluster";
import type { Keyspace } from "../keyspace/db";
import type { ClusterShell } from "./cluster-shell";
import type { ReplicationShell } from "./replication-shell";
import type { TxnShell } from "./txn-shell";
import type { RuntimePorts } from "./ports";
import type { SlotMigrationHost } from "./slot-migration";
import { writeImages } from "./key-images";
import { deleteKeys } from "../keyspace/value-batch";
import { chunked } from "../keyspace/sql";

/** Keys per replicated DEL when slots are emptied: no command to replicas grows with the slot. */
const DEL_KEYS_PER_COMMAND = 256;

interface RuntimeParts {
  readonly name: string;
  readonly nodeId: string;
  readonly db: Keyspace;
  readonly cluster: ClusterShell;
  readonly repl: ReplicationShell;
  readonly txns: TxnShell;
}

export function slotMigrationHost(rt: RuntimeParts, ports: RuntimePorts, more: {
  applyAsMaster(cmds: BStr[][]): void;
  flushBus(out: Outcome): Promise<void>;
  failed(what: string, e: unknown): void;
}): SlotMigrationHost {
  const { sql, clock, transport } = ports;
  return {
    name: rt.name, nodeId: rt.nodeId, sql, clock, db: rt.db, locks: rt.txns.locks,
    cluster: () => rt.cluster.state,
    isMaster: () => !rt.repl.isReplica,
    peer: (to, msg) => transport.peer(to, msg),
    applyAsMaster: more.applyAsMaster,
    installImages: (images) => {
      rt.db.now = clock.now();
      rt.repl.feed(writeImages(rt.db, sql, images));
    },
    deleteSlots: (slots, limit = Number.MAX_SAFE_INTEGER) => {
      rt.db.now = clock.now();
      return sql.transactionSync(() => {
        const keys: BStr[] = [];
        for (const slot of slots) {
          for (const key of rt.db.keysInSlot(slot, limit - keys.length)) keys.push(key);
          if (keys.length >= limit) break;
        }
        // A few statements for the lot (value-batch.ts), replicated as DELs of a few hundred keys.
        rt.repl.feed(chunked(deleteKeys(rt.db, keys), DEL_KEYS_PER_COMMAND).map((part) => ["DEL", ...part]));
        return keys.length;
      });
    },
    replicasCaughtUp: async (ms) => {
      const online = rt.repl.state.replicas.filter((r) => r.state === "online").length;
      return online === 0 || (await rt.repl.waitForAcks(online, ms)) >= online;
    },
    handover: async (op): Promise<Reply> => {
      // The new owner's claim is in its state (and storage) now; telling everybody must not prolong
      // the pause: the PONGs go out in the background.
      const { reply, pending } = rt.cluster.handover(op);
      more.flushBus(pending).catch((e: unknown) => more.failed("slot handover broadcast", e));
      return reply;
    },
    failed: more.failed,
  };
}
