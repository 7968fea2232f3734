/**
 * A WebSocket connection's side of the registry: registration, CLIENT LIST's idle/cmd fields,
 * MONITOR mode, feeding the isolate's monitors, and waiting out CLIENT PAUSE. The Connection
 * (gateway/connection.ts) calls `before` for each command it receives.
 */
import type { BStr } from "../../resp/bytes";
import { error, OK, type Reply } from "../../resp/reply";
import type { ClientInfo } from "../../commands/connection";
import { arityOk, lookupCommand } from "../../commands/registry";
import type { CommandSpec, ConnState } from "../../commands/types";
import { permissionError } from "../auth";
import { registryClientCommand, type RegistryReply } from "./client-commands";
import { monitorShows } from "./monitor-line";
import { ClientHandle, isolateClients, type ClientHost, type ClientRegistry, type PeerAddress } from "./registry";

/** What `before` needs of the connection's state. */
export interface CommandState {
  conn: ConnState;
  /** Commands queued by MULTI (null outside MULTI), and whether this one is queued rather than run. */
  multi: { cmds: BStr[][]; dirty: boolean } | null;
  queued: boolean;
}

const writes = (def: CommandSpec | undefined): boolean => !!def && (def.flags.includes("write") || def.flags.includes("may_replicate"));

export class ClientSession {
  readonly handle: ClientHandle;

  constructor(info: ClientInfo, peer: PeerAddress, host: ClientHost, private readonly reg: ClientRegistry = isolateClients) {
    this.handle = new ClientHandle(reg, info, peer, host);
  }

  get monitoring(): boolean {
    return this.handle.monitoring;
  }

  /**
   * Per command, before it runs: records it for CLIENT LIST, refuses keyspace commands in MONITOR
   * mode (a reply), waits out a pause (after `flushFirst`, so earlier replies go out), shows it
   * to the monitors.
   */
  before(argv: BStr[], s: CommandState, flushFirst: () => Promise<void>): Reply | null | Promise<null> {
    const now = Date.now();
    this.handle.lastInteraction = now;
    const def = lookupCommand(argv[0]!);
    if (this.monitoring && def && (writes(def) || def.flags.includes("readonly"))) {
      return error("ERR Replica can't interact with the keyspace");
    }
    const execWrites = def?.name === "exec" && !!s.multi?.cmds.some((c) => writes(lookupCommand(c[0]!)));
    const write = writes(def) || execWrites;
    if (!this.monitoring && this.reg.pause.holds(write, now)) return this.waitPause(write, def, argv, s, flushFirst);
    if (this.reg.monitored && def && !s.queued) this.feed(def, argv, s);
    return null;
  }

  private async waitPause(write: boolean, def: CommandSpec | undefined, argv: BStr[], s: CommandState, flushFirst: () => Promise<void>): Promise<null> {
    await flushFirst();
    await this.reg.pause.wait(write);
    if (this.reg.monitored && def && !s.queued) this.feed(def, argv, s);
    return null;
  }

  private feed(def: CommandSpec, argv: BStr[], s: CommandState): void {
    if (!arityOk(def, argv.length) || !monitorShows(def) || permissionError(def, argv, s.conn)) return;
    if (def.name === "exec" && s.multi && !s.multi.dirty) {
      for (const c of s.multi.cmds) {
        const d = lookupCommand(c[0]!);
        if (d && monitorShows(d)) this.reg.feed(this.handle, c);
      }
    }
    // Redis shows a command once it ran: a RESET has already ended its own connection's MONITOR.
    this.reg.feed(this.handle, argv, def.name === "reset");
  }

  /** MONITOR: +OK and monitor mode, or no reply at all when already monitoring (as Redis). */
  monitor(): Reply | null {
    if (this.monitoring) return null;
    this.reg.setMonitor(this.handle, true);
    return OK;
  }

  /** CLIENT LIST/INFO/KILL/PAUSE/UNPAUSE (null for the other subcommands), NO-EVICT's flag. */
  client(argv: BStr[], admin: boolean): RegistryReply | null {
    if (argv.length === 3 && argv[1]!.toLowerCase() === "no-evict") {
      const v = argv[2]!.toLowerCase();
      if (v === "on" || v === "off") this.handle.noEvict = v === "on";
    }
    return registryClientCommand(argv, this.handle, this.reg, admin, Date.now());
  }

  /** RESET leaves MONITOR mode. */
  reset(): void {
    this.reg.setMonitor(this.handle, false);
    this.handle.noEvict = false;
  }

  close(): void {
    this.handle.unregister();
  }
}
