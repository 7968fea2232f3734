/**
 * The node services that server commands call (INFO, CONFIG, CLUSTER, ROLE, WAIT inside MULTI,
 * DEBUG): the `ServerApi` the dispatcher hands to handlers as `ctx.server`, over a runtime.
 */
import type { Scripting } from "../scripting/scripting";
import type { ScriptHost } from "../scripting/run";
import { CLUSTER_SLOTS } from "../commands/slot";
import type { BStr } from "../resp/bytes";
import { bulk, error, int, OK, ReplyError, type Reply } from "../resp/reply";
import type { ConnState } from "../commands/types";
import { SLOT_MIGRATION_SUBCOMMANDS } from "../commands/specs/server";
import { lookupCommand } from "../commands/registry";
import { countAcksByOffset, roleReply } from "../replication";
import type { Outcome } from "../cluster";
import { parseWait, type ServerApi } from "./server-commands";
import { keyspaceDigest } from "./replication-store";
import { renderInfo, type InfoSource } from "./info";
import type { ClusterShell } from "./cluster-shell";
import type { Faults } from "./faults";
import type { Keyspace } from "../keyspace/db";
import type { NodeConfig } from "./config";
import type { ReplicationShell } from "./replication-shell";
import type { Clock } from "./ports";
import type { NodeObserver } from "./stats/observer";
import type { EventLog } from "../events/event-log";
import { EVENTS_SUBCOMMAND, eventsCommand } from "../events/events-command";

export const WAIT_ON_REPLICA = "ERR WAIT cannot be used with replica instances. Please also note that since Redis 4.0 if a replica is configured to be writable (which is not the default) writes to replicas are just local and are not propagated.";
/** WAIT 0 (no timeout) over a connection that cannot block (HTTP) waits at most this long. */
const WAIT_NONBLOCKING_CAP_MS = 30_000;
const SCAN_SPEC = lookupCommand("scan")!;
const DEBUG_DISABLED = "ERR DEBUG command not allowed. If the enable-debug-command option is set to \"local\", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.";

/** The parts of the runtime the services read (beyond what INFO reads). */
export interface ServicedNode extends InfoSource {
  readonly scripting: Scripting;
  readonly db: Keyspace;
  readonly cluster: ClusterShell;
  readonly repl: ReplicationShell;
  readonly faults: Faults;
  readonly events: EventLog;
}

export interface ServiceHooks {
  /** DEBUG_COMMANDS=true (tests, benchmarks, demos). */
  debugCommands: boolean;
  /** Bus messages of a CLUSTER command, delivered once its reply is decided. */
  queueBus(out: Outcome): void;
  /** CONFIG SET: persist and re-arm the cron. */
  saveConfig(): void;
  /** DEBUG RESTART, where the platform can. */
  restart?: () => void;
  /** CLUSTER MIGRATESLOTS / GETSLOTMIGRATIONS / CANCELSLOTMIGRATIONS. */
  slotMigrationCommand(argv: BStr[]): Reply;
}

export class NodeServices implements ServerApi {
  /** What scripts need of the node (scripting/run.ts). */
  readonly scriptHost: ScriptHost;

  constructor(private readonly node: ServicedNode, private readonly hooks: ServiceHooks, private readonly clock: Clock) {
    this.scriptHost = {
      scripting: node.scripting,
      isReplica: () => node.repl.isReplica,
      busyReplyThreshold: () => node.config.get("busy-reply-threshold"),
      servesAllSlots: () => {
        const run = this.servedRun(0);
        return "end" in run && run.end === CLUSTER_SLOTS;
      },
    };
  }

  /** WAIT numreplicas timeout: blocks until enough replicas acknowledged the current offset. */
  async waitCommand(argv: BStr[], conn: ConnState): Promise<Reply> {
    let args;
    try {
      args = parseWait(argv);
    } catch (e) {
      if (e instanceof ReplyError) return e.reply;
      throw e;
    }
    if (this.node.repl.isReplica) return error(WAIT_ON_REPLICA);
    const timeout = args.timeoutMs === 0 && !conn.canBlock ? WAIT_NONBLOCKING_CAP_MS : args.timeoutMs;
    return int(await this.node.repl.waitForAcks(args.numReplicas, timeout));
  }

  get nodeId(): string {
    return this.node.nodeId;
  }

  get config(): NodeConfig {
    return this.node.config;
  }

  get observer(): NodeObserver {
    return this.node.observer;
  }

  memoryStats(): { storedBytes: number; backlogBytes: number; luaCaches: number; functionsCaches: number } {
    const lua = this.node.scripting.memoryInfo();
    return {
      storedBytes: this.node.storedBytes,
      backlogBytes: this.node.repl.state.backlog?.histlen ?? 0,
      luaCaches: lua.used_memory_scripts_eval ?? 0,
      functionsCaches: lua.used_memory_functions ?? 0,
    };
  }

  resetStats(): void {
    this.node.observer.stats.reset();
    this.node.stats.commands = 0;
    this.node.stats.expiredKeys = 0;
  }

  info(sections: string[]): string {
    return renderInfo(this.node, sections, this.now());
  }

  /** CLUSTER ...: state changes persist inside the command; its bus messages go after the reply is decided. */
  clusterCommand(argv: BStr[]): Reply {
    const sub = argv[0]!.toLowerCase() === "cluster" ? argv[1]?.toLowerCase() ?? "" : "";
    if (SLOT_MIGRATION_SUBCOMMANDS.includes(sub) || sub === EVENTS_SUBCOMMAND) {
      try {
        return sub === EVENTS_SUBCOMMAND ? eventsCommand(this.node.events, argv) : this.hooks.slotMigrationCommand(argv);
      } catch (e) {
        if (e instanceof ReplyError) return e.reply;
        throw e;
      }
    }
    const { reply, pending } = this.node.cluster.command(argv);
    if (pending.send.length > 0) this.hooks.queueBus(pending);
    return reply;
  }

  /** SCAN for the gateway's keyspace-wide SCAN (keyspace/keys.ts SlotOwnership). */
  servedRun(slot: number): { refusal: Reply } | { end: number } {
    const st = this.node.cluster.state;
    const refusal = this.node.cluster.gate(slot, SCAN_SPEC, [], { resp: 2 });
    if (refusal) return { refusal };
    let end = slot + 1;
    while (end < st.slots.length && st.slots[end] === st.myself) end++;
    return { end };
  }

  role(): Reply {
    return roleReply(this.node.repl.state);
  }

  waitNow(_numReplicas: number): Reply {
    const st = this.node.repl.state;
    if (st.link) return error(WAIT_ON_REPLICA);
    return int(countAcksByOffset(st, st.master_repl_offset));
  }

  saveConfig(): void {
    this.hooks.saveConfig();
  }

  /**
   * DEBUG, only where DEBUG_COMMANDS=true (tests, benchmarks, demos):
   *   DIGEST                 a digest of the whole dataset (equal datasets, equal digests)
   *   SLEEP <seconds>        stop for that long; client calls wait (admin token only)
   *   HALT <seconds>         stop for that long; everything sent to the node is lost (admin token only)
   *   REPL-PAUSE <ms>        lose incoming replication messages for <ms> (a network partition)
   *   REPL-LAG-RESET         forget the replication lag samples (INFO stats repl_lag_ms_*)
   *   RESTART                lose the node's memory now, as a crash would (admin token only)
   */
  debug(argv: BStr[], conn: ConnState): Reply {
    if (!this.hooks.debugCommands) return error(DEBUG_DISABLED);
    const sub = argv[1]!.toLowerCase();
    if (sub === "digest" && argv.length === 2) return bulk(keyspaceDigest(this.node.db));
    const fault = this.node.faults.command(argv, conn, this.now());
    if (fault) return fault;
    if (sub === "restart" && argv.length === 2 && conn.admin) {
      if (!this.hooks.restart) return error("ERR DEBUG RESTART is not available here");
      this.hooks.restart();
      return OK;
    }
    if (sub === "repl-lag-reset" && argv.length === 2) {
      this.node.repl.resetLagSamples();
      return OK;
    }
    return error(`ERR unknown subcommand '${argv[1]}'. Try DEBUG HELP.`);
  }

  private now(): number {
    return this.clock.now();
  }
}
