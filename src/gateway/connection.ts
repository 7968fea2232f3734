/**
 * One RESP connection (a WebSocket): a byte stream in, a byte stream out, and the per-connection
 * state Redis keeps per client: authentication, protocol (HELLO), MULTI queue, WATCH tokens,
 * READONLY / ASKING, client name and CLIENT REPLY mode. Sans-I/O: the socket glue feeds bytes and
 * supplies `send`/`close`.
 *
 * Every parsed batch runs as a pipeline: commands are collected and routed together (one RPC per
 * node), and flushed before a command that changes connection state or may block, so replies stay
 * in order and the replies of earlier commands never wait for a blocked one.
 */
import type { GatewayEnv } from "./gateway-env";
import type { BStr } from "../resp/bytes";
import { ERR, error, OK, QUEUED, simple, type Reply } from "../resp/reply";
import { RespCommandParser, ProtocolError } from "../resp/parser";
import { encodeReplies } from "../resp/encoder";
import {
  BAD_NAME, clientCommand, helloReply, newClientInfo, NOAUTH_HELLO, parseAuth, parseHello, validClientName, type ClientInfo,
} from "../commands/connection";
import type { ConnState } from "../commands/types";
import type { WatchToken } from "../node-rpc";
import { arityOk, GATEWAY_COMMANDS, lookupCommand, NO_AUTH_COMMANDS, unknownCommandError } from "../commands/registry";
import { tokenLevel, type AuthLevel } from "./auth";
import type { Router, RouterSession } from "./router";

export interface ConnectionIO {
  send(bytes: Uint8Array): void;
  close(code: number, reason: string): void;
}

let nextClientId = 1;

/**
 * Commands that are never queued inside MULTI (Redis runs them at once). No flag says so: Redis's
 * processCommand names these six too.
 */
const NOT_QUEUED = new Set(["exec", "discard", "multi", "watch", "quit", "reset"]);

interface Multi {
  cmds: BStr[][];
  dirty: boolean;
  slot: number | null;
}

interface Out {
  reply: Reply;
  proto: 2 | 3;
  drop: boolean;
}

export class Connection {
  readonly info: ClientInfo;
  private auth: AuthLevel | null;
  private multi: Multi | null = null;
  private watches = new Map<string, WatchToken>();
  private askingNext = false;
  /** The node of this connection's last write: WAIT waits for it to replicate. */
  private readonly session: RouterSession = {};
  /** Replies still to drop after CLIENT REPLY SKIP. */
  private skip = 0;
  private readonly parser: RespCommandParser;
  private chain: Promise<void> = Promise.resolve();
  /** Parsed commands not yet run; a protocol error ends the stream after them. */
  private inbox: BStr[][] = [];
  private fatal: ProtocolError | null = null;
  private running = false;
  private closed = false;
  /** Replies of the batch being run, and the routable commands not yet sent. */
  private out: Out[] = [];
  private pending: { argv: BStr[]; at: number }[] = [];

  constructor(
    private readonly env: GatewayEnv,
    private readonly router: Router,
    private readonly io: ConnectionIO,
    /** Authentication carried by the upgrade request (token in the URL or header). */
    private readonly baseAuth: AuthLevel | null,
    maxBulkLen?: number,
  ) {
    this.auth = baseAuth;
    this.info = newClientInfo(nextClientId++, Date.now());
    this.parser = new RespCommandParser(maxBulkLen ? { maxBulkLen } : {});
  }

  /**
   * Bytes from the socket (any framing). Commands parsed while a batch is running wait and then run
   * together as the next batch, so a client pipelining over many frames still gets one RPC per node.
   */
  feed(chunk: Uint8Array): void {
    if (this.closed || this.fatal) return;
    this.parser.push(chunk);
    for (;;) {
      const c = this.parser.next();
      if (c === null) break;
      if (c instanceof ProtocolError) {
        this.fatal = c;
        break;
      }
      this.inbox.push(c);
    }
    if (!this.running && (this.inbox.length > 0 || this.fatal)) {
      this.running = true;
      this.chain = this.drain();
    }
  }

  private async drain(): Promise<void> {
    try {
      while (!this.closed && (this.inbox.length > 0 || this.fatal)) {
        const batch = this.inbox;
        this.inbox = [];
        const fatal = batch.length === 0 ? this.fatal : null;
        await this.runBatch(batch, fatal);
        if (fatal) return;
      }
    } catch (e) {
      this.emitNow(error(`ERR internal error: ${e instanceof Error ? e.message : String(e)}`.replace(/[\r\n]/g, " ")));
      this.shutdown(1011, "internal error");
    } finally {
      this.running = false;
    }
  }

  /** The socket closed: drop everything. */
  closedByPeer(): void {
    this.closed = true;
  }

  /** Resolves when every batch fed so far has been answered (tests). */
  idle(): Promise<void> {
    return this.chain;
  }

  private conn(): ConnState {
    return { resp: this.info.resp, admin: this.auth === "admin", canBlock: true, readonly: this.info.readonly || undefined };
  }

  private async runBatch(batch: BStr[][], fatal: ProtocolError | null): Promise<void> {
    for (const argv of batch) {
      if (this.closed) return;
      await this.command(argv);
    }
    await this.flush();
    if (fatal) this.push(fatal.reply);
    this.send();
    if (fatal) this.shutdown(1002, "protocol error");
  }

  private async command(argv: BStr[]): Promise<void> {
    const name = argv[0]!.toLowerCase();
    this.info.lastCommand = name;
    if (this.auth === null && !NO_AUTH_COMMANDS.has(name)) return this.push(error(ERR.noAuth));
    if (this.multi && !NOT_QUEUED.has(name)) return this.queue(argv);
    // The connection commands: this connection keeps their state (outside MULTI, or always for the MULTI family).
    if (GATEWAY_COMMANDS.has(name)) {
      await this.flush();
      return this.stateful(name, argv);
    }
    const def = lookupCommand(name);
    if (this.askingNext || def?.flags.includes("blocking")) {
      // Earlier replies go out before a command that may wait; ASKING applies to one command alone.
      await this.flush();
      this.send();
      this.pending.push({ argv, at: this.reserve() });
      await this.flush(this.askingNext);
      this.askingNext = false;
      return;
    }
    this.pending.push({ argv, at: this.reserve() });
  }

  /** Sends the pending commands through the router and fills in their replies. */
  private async flush(asking = false): Promise<void> {
    if (this.pending.length === 0) return;
    const pending = this.pending;
    this.pending = [];
    const conn = this.conn();
    if (asking) conn.asking = true;
    const replies = await this.router.execute(pending.map((p) => p.argv), conn, this.session);
    pending.forEach((p, i) => (this.out[p.at]!.reply = replies[i]!));
  }

  private reserve(): number {
    this.push(OK);
    return this.out.length - 1;
  }

  /** Adds the next reply in order; CLIENT REPLY OFF / SKIP mark it dropped. */
  private push(reply: Reply): void {
    let drop = this.info.replyMode === "off";
    if (this.skip > 0) {
      this.skip--;
      drop = true;
    }
    this.out.push({ reply, proto: this.info.resp, drop });
  }

  /** Encodes and sends the replies collected so far. Only called with nothing pending. */
  private send(): void {
    if (this.out.length === 0 || this.closed) return;
    const out = this.out.filter((o) => !o.drop);
    this.out = [];
    let start = 0;
    for (let i = 1; i <= out.length; i++) {
      if (i === out.length || out[i]!.proto !== out[start]!.proto) {
        this.io.send(encodeReplies(out.slice(start, i).map((o) => o.reply), out[start]!.proto));
        start = i;
      }
    }
  }

  private emitNow(r: Reply): void {
    this.push(r);
    this.send();
  }

  private shutdown(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.io.close(code, reason);
  }

  // ---- MULTI ---------------------------------------------------------------------------------

  private queue(argv: BStr[]): void {
    const m = this.multi!;
    const fail = (r: Reply): void => {
      m.dirty = true;
      this.push(r);
    };
    const def = lookupCommand(argv[0]!);
    if (!def) return fail(unknownCommandError(argv));
    if (!arityOk(def, argv.length)) return fail(error(ERR.wrongArity(def.name)));
    if (def.flags.includes("no_multi")) return fail(error("ERR Command not allowed inside a transaction"));
    const c = this.router.check(argv, this.conn());
    if ("reply" in c) return fail(c.reply);
    if (c.slots.kind === "crossslot" || (c.slots.kind === "slot" && m.slot !== null && c.slots.slot !== m.slot)) {
      return fail(error(ERR.crossSlot));
    }
    if (c.slots.kind === "slot") m.slot = c.slots.slot;
    m.cmds.push(argv);
    this.info.multi = m.cmds.length;
    this.push(QUEUED);
  }

  private async exec(): Promise<Reply> {
    const m = this.multi;
    if (!m) return error("ERR EXEC without MULTI");
    this.multi = null;
    this.info.multi = -1;
    const watches = this.watches;
    this.watches = new Map();
    if (m.dirty) return error("EXECABORT Transaction discarded because of previous errors.");
    return this.router.transaction(m.cmds, { ...this.conn(), canBlock: false }, watches);
  }

  private async watch(keys: BStr[]): Promise<Reply> {
    const w = await this.router.watch(keys);
    if ("reply" in w) return w.reply;
    const prev = this.watches.get(w.node);
    if (!prev) this.watches.set(w.node, w.token);
    else if (prev.incarnation !== w.token.incarnation) {
      // The node restarted between two WATCHes: the older token already fails; keep it.
    } else {
      // Keep the older sequence number (stricter) and each key's first-seen expiry.
      this.watches.set(w.node, { incarnation: prev.incarnation, seq: prev.seq, keys: { ...w.token.keys, ...prev.keys } });
    }
    return OK;
  }

  // ---- connection commands -------------------------------------------------------------------

  private async stateful(name: string, argv: BStr[]): Promise<void> {
    const def = lookupCommand(name)!;
    if (!arityOk(def, argv.length)) return this.push(error(ERR.wrongArity(def.name)));
    switch (name) {
      case "hello":
        return this.hello(argv);
      case "auth": {
        const a = parseAuth(argv);
        if ("t" in a) return this.push(a);
        const level = tokenLevel(this.env, a.pass);
        if (level === null) return this.push(error(ERR.wrongPass));
        this.auth = level;
        return this.push(OK);
      }
      case "multi":
        if (this.multi) return this.push(error("ERR MULTI calls can not be nested"));
        this.multi = { cmds: [], dirty: false, slot: null };
        this.info.multi = 0;
        return this.push(OK);
      case "exec":
        return this.push(await this.exec());
      case "discard":
        if (!this.multi) return this.push(error("ERR DISCARD without MULTI"));
        this.multi = null;
        this.info.multi = -1;
        this.watches = new Map();
        return this.push(OK);
      case "watch":
        if (this.multi) return this.push(error("ERR WATCH inside MULTI is not allowed"));
        return this.push(await this.watch(argv.slice(1)));
      case "unwatch":
        this.watches = new Map();
        return this.push(OK);
      case "readonly":
      case "readwrite":
        this.info.readonly = name === "readonly";
        return this.push(OK);
      case "asking":
        this.askingNext = true;
        return this.push(OK);
      case "client":
        return this.client(argv);
      case "quit":
        this.push(OK);
        this.send();
        return this.shutdown(1000, "QUIT");
      case "reset":
        this.resetState();
        this.push(simple("RESET"));
        return;
    }
  }

  private hello(argv: BStr[]): void {
    const h = parseHello(argv);
    if ("t" in h) return this.push(h);
    if (h.auth) {
      const level = tokenLevel(this.env, h.auth.pass);
      if (level === null) return this.push(error(ERR.wrongPass));
      this.auth = level;
    }
    if (this.auth === null) return this.push(error(NOAUTH_HELLO));
    if (h.setname !== null) {
      if (!validClientName(h.setname)) return this.push(error(BAD_NAME));
      this.info.name = h.setname;
    }
    if (h.proto !== null) this.info.resp = h.proto;
    this.push(helloReply(this.info.resp, this.info.id));
  }

  private client(argv: BStr[]): void {
    let r: Reply;
    try {
      r = clientCommand(argv, this.info, Date.now());
    } catch (e) {
      r = error(e instanceof Error ? e.message : String(e));
    }
    // CLIENT REPLY OFF and SKIP are silent (push drops replies while OFF); SKIP drops the next one too.
    if (this.info.replyMode === "skip") {
      this.info.replyMode = "on";
      this.skip = 1;
      return;
    }
    this.push(r);
  }

  private resetState(): void {
    this.multi = null;
    this.watches = new Map();
    this.askingNext = false;
    this.auth = this.baseAuth;
    this.info.resp = 2;
    this.info.name = "";
    this.info.multi = -1;
    this.info.readonly = false;
    this.info.replyMode = "on";
    this.skip = 0;
  }
}
