/**
 * The live WebSocket connections of one gateway isolate: what CLIENT LIST / KILL see, who MONITOR
 * feeds, and the isolate's CLIENT PAUSE. A deployed Worker may run several isolates; each keeps
 * its own registry and sees only the connections it serves (docs/server.md, "Connections").
 */
import type { BStr } from "../../resp/bytes";
import type { ClientInfo } from "../../commands/connection";
import { lookupCommand } from "../../commands/registry";
import type { ClientSnapshot } from "./client-line";
import { Mailbox } from "./mailbox";
import { monitorLine } from "./monitor-line";
import { ClientPause } from "./pause";

/** Where a connection comes from and what it is connected to, as CLIENT LIST prints them. */
export interface PeerAddress {
  addr: string;
  laddr: string;
}

/** What only the connection knows, read when a snapshot is taken. */
export interface ClientLive {
  user: string;
  sub: number;
  psub: number;
  ssub: number;
  qbuf: number;
  multiMem: number;
  omem: number;
}

/** What a connection does for the registry, always in its own context (see Mailbox). */
export interface ClientHost {
  live(): ClientLive;
  /** Closes the connection (CLIENT KILL). */
  kill(): void;
  /** Sends a MONITOR line (the text of a simple string). */
  monitor(line: string): void;
}

type Mail = { kill: true } | { line: string };

/** A registered connection. Create it in the connection's own context. */
export class ClientHandle {
  lastInteraction: number;
  monitoring = false;
  noEvict = false;
  private readonly mail: Mailbox<Mail>;

  constructor(
    private readonly registry: ClientRegistry,
    readonly info: ClientInfo,
    readonly peer: PeerAddress,
    private readonly host: ClientHost,
  ) {
    this.lastInteraction = info.createdAt;
    this.mail = new Mailbox((items) => {
      for (const m of items) {
        if ("kill" in m) return host.kill();
        host.monitor(m.line);
      }
    });
    registry.add(this);
  }

  snapshot(): ClientSnapshot {
    const i = this.info;
    return {
      id: i.id, addr: this.peer.addr, laddr: this.peer.laddr, name: i.name, createdAt: i.createdAt, lastInteraction: this.lastInteraction,
      multi: i.multi, monitor: this.monitoring, readonly: i.readonly, noEvict: this.noEvict, cmd: i.lastCommand, resp: i.resp,
      libName: i.libName, libVer: i.libVer, tracking: i.tracking, ...this.host.live(),
    };
  }

  /** Asks the connection to close, from any context. */
  kill(): void {
    this.mail.post({ kill: true });
  }

  deliver(line: string): void {
    this.mail.post({ line });
  }

  /** The connection closed. */
  unregister(): void {
    this.mail.close();
    this.registry.remove(this);
  }
}

export class ClientRegistry {
  private readonly clients = new Map<number, ClientHandle>();
  private readonly monitors = new Set<ClientHandle>();
  readonly pause = new ClientPause();

  add(c: ClientHandle): void {
    this.clients.set(c.info.id, c);
  }

  remove(c: ClientHandle): void {
    this.clients.delete(c.info.id);
    this.monitors.delete(c);
  }

  get(id: number): ClientHandle | undefined {
    return this.clients.get(id);
  }

  /** Every connection, oldest first (ids grow). */
  all(): IterableIterator<ClientHandle> {
    return this.clients.values();
  }

  get size(): number {
    return this.clients.size;
  }

  setMonitor(c: ClientHandle, on: boolean): void {
    c.monitoring = on;
    if (on) this.monitors.add(c);
    else this.monitors.delete(c);
  }

  get monitored(): boolean {
    return this.monitors.size > 0;
  }

  /** Shows a command `from` ran to every MONITOR connection (but `from` itself when `notSelf`). */
  feed(from: ClientHandle, argv: readonly BStr[], notSelf = false, nowMicros = Date.now() * 1000): void {
    if (this.monitors.size === 0) return;
    const line = monitorLine(nowMicros, from.peer.addr, argv);
    for (const m of this.monitors) if (!notSelf || m !== from) m.deliver(line);
  }
}

/** This isolate's registry. */
export const isolateClients = new ClientRegistry();

/** The name CLIENT LIST's cmd= shows: `client|list` for a subcommand, NULL for a command Redis would not find. */
export function commandFullName(argv: readonly BStr[]): string {
  const def = lookupCommand(argv[0]!);
  if (!def) return "NULL";
  if (!def.subcommands || argv.length < 2) return def.name;
  const sub = argv[1]!.toLowerCase();
  return def.subcommands.includes(sub) ? `${def.name}|${sub}` : "NULL";
}

/** The peer of a connection made without a request (tests). */
export const LOCAL_PEER: PeerAddress = { addr: "127.0.0.1:0", laddr: "127.0.0.1:0" };

let nextPort = 0;
/** Ports from here on name connections whose client port is unknown (Cloudflare passes only the IP). */
export const SYNTHETIC_PORT_BASE = 10000;
const PORT_SPAN = 55000;

/** The peer address of a WebSocket upgrade: CF-Connecting-IP (or 127.0.0.1) and a port unique in this isolate. */
export function peerOf(req: Request): PeerAddress {
  const ip = req.headers.get("CF-Connecting-IP") ?? "127.0.0.1";
  const port = SYNTHETIC_PORT_BASE + (nextPort++ % PORT_SPAN);
  const url = new URL(req.url);
  const lport = url.port || (url.protocol === "https:" || url.protocol === "wss:" ? "443" : "80");
  const host = url.hostname.startsWith("[") ? url.hostname : url.hostname.includes(":") ? `[${url.hostname}]` : url.hostname;
  return { addr: `${ip.includes(":") ? `[${ip}]` : ip}:${port}`, laddr: `${host}:${lport}` };
}
