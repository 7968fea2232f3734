/**
 * One RESP connection (a WebSocket): a byte stream in, a byte stream out, and the per-connection
 * state Redis keeps per client: authentication, protocol (HELLO), MULTI queue, WATCH tokens,
 * READONLY / ASKING, client name and CLIENT REPLY mode. Sans-I/O: the socket glue feeds bytes and
 * supplies `send`/`close`.
 *
 * Every parsed batch runs as a pipeline: commands are collected and routed together (one RPC per
 * node), and flushed before a command that changes connection state or may block, so replies stay
 * in order and the replies of earlier commands never wait for a blocked one.
 *
 * Limits (README "Limits"): input through CommandInbox (client-query-buffer-limit, a bounded queue,
 * Redis's unauthenticated limits); reply bytes held unsent over client-output-buffer-limit close
 * the connection, and so do MAX_AUTH_FAILURES failed AUTHs. A reply slot is reserved with an error
 * (NOT_RUN) until its command's reply arrives, so a command that never ran is never answered +OK.
 */
import type { GatewayEnv } from "./gateway-env";
import type { BStr } from "../resp/bytes";
import { ERR, error, OK, QUEUED, simple, type Reply } from "../resp/reply";
import type { ProtocolError } from "../resp/parser";
import { CLIENT_OUTPUT_BUFFER_LIMIT, CLIENT_QUERY_BUFFER_LIMIT } from "../resp/limits";
import {
  BAD_NAME, clientCommand, helloReply, newClientInfo, NOAUTH_HELLO, parseAuth, parseHello, validClientName, type ClientInfo,
} from "../commands/connection";
import type { ConnState } from "../commands/types";
import type { WatchToken } from "../node-rpc";
import { arityOk, GATEWAY_COMMANDS, lookupCommand, NO_AUTH_COMMANDS } from "../commands/registry";
import { tokenLevel, type AuthLevel } from "./auth";
import { CommandInbox } from "./command-inbox";
import { CLOSE_AUTH_FAILURES, CLOSE_OUTPUT_BUFFER, CLOSE_QUERY_BUFFER, INBOX_MAX_COMMANDS, MAX_AUTH_FAILURES } from "./limits";
import { NOT_RUN, ReplyQueue } from "./reply-queue";
import type { Router, RouterSession } from "./router";
import { PubSubSession, type PubSubHost } from "./pubsub-session";
import { execWithSubscriptions, hasSubscriptions } from "./pubsub-exec";
import { addWatchTokens, MultiBlock } from "./multi-block";
import { shardCheck } from "./pubsub-route";
import { OutputLimiter, PUBSUB_OUTPUT_LIMIT } from "../pubsub/output-limit";
import { ClientSession } from "./clients/session";
import { commandFullName, LOCAL_PEER, type PeerAddress } from "./clients/registry";
import { noPerm } from "./auth";
import { TrackingSession } from "../tracking/session";
import { INVALIDATE_CHANNEL } from "../tracking/message";

export interface ConnectionIO {
  send(bytes: Uint8Array): void;
  close(code: number, reason: string): void;
  /** Bytes the socket has not sent yet, where the runtime reports it (workerd does not yet). */
  buffered?(): number;
}

let nextClientId = 1;

/**
 * Commands that are never queued inside MULTI (Redis runs them at once). No flag says so: Redis's
 * processCommand names these six too.
 */
const NOT_QUEUED = new Set(["exec", "discard", "multi", "watch", "quit", "reset"]);

export class Connection {
  readonly info: ClientInfo;
  private auth: AuthLevel | null;
  private multi: MultiBlock | null = null;
  private watches = new Map<string, WatchToken>();
  private askingNext = false;
  /** The node of this connection's last write: WAIT waits for it to replicate. */
  private readonly session: RouterSession = {};
  /** Replies still to drop after CLIENT REPLY SKIP. */
  private skip = 0;
  private readonly inbox: CommandInbox;
  private chain: Promise<void> = Promise.resolve();
  private running = false;
  private closed = false;
  private authFailures = 0;
  /** Replies of the batch being run, and the routable commands not yet sent. */
  private readonly out: ReplyQueue;
  private pending: { argv: BStr[]; at: number }[] = [];
  /** Pub/Sub: subscriptions, and the messages the hubs deliver (pubsub-session.ts). */
  private readonly pubsub: PubSubSession;
  private readonly pubsubLimit = new OutputLimiter(PUBSUB_OUTPUT_LIMIT, Date.now);
  /** This connection in the isolate's registry: CLIENT LIST/KILL, MONITOR, CLIENT PAUSE (clients/). */
  private readonly clients: ClientSession;
  /** CLIENT TRACKING: its options and the invalidations the nodes send (tracking/session.ts). */
  private readonly tracking: TrackingSession;

  constructor(
    private readonly env: GatewayEnv,
    private readonly router: Router,
    private readonly io: ConnectionIO,
    /** Authentication carried by the upgrade request (token in the URL or header). */
    private readonly baseAuth: AuthLevel | null,
    maxBulkLen?: number,
    peer: PeerAddress = LOCAL_PEER,
  ) {
    this.auth = baseAuth;
    this.info = newClientInfo(nextClientId++, Date.now());
    this.out = new ReplyQueue(CLIENT_OUTPUT_BUFFER_LIMIT, () => io.buffered?.() ?? 0);
    this.inbox = new CommandInbox({ maxBulkLen, maxCommands: INBOX_MAX_COMMANDS });
    this.pubsub = new PubSubSession(env, (r) => this.deliver(r), () => this.shutdown({ code: 1011, reason: "pubsub hub link lost" }));
    this.clients = new ClientSession(this.info, peer, {
      live: () => ({
        user: this.auth === "admin" ? "admin" : "default", ...this.pubsub.counts(),
        qbuf: this.inbox.queryBufferBytes, multiMem: this.multi?.bytes ?? 0, omem: this.out.heldBytes,
      }),
      kill: () => this.shutdown({ code: 1000, reason: "killed by CLIENT KILL" }),
      monitor: (line) => this.deliver(simple(line)),
    });
    this.tracking = new TrackingSession(env, {
      clientId: this.info.id, resp: () => this.info.resp, subscribedTo: (ch) => this.pubsub.subscribedTo(ch), deliver: (r) => this.deliver(r),
      announce: async () => (await this.router.execute([["DBSIZE"]], this.conn(), this.session))[0] ?? NOT_RUN,
    }, () => this.shutdown({ code: 1011, reason: "tracking hub link lost" }));
  }

  /** A Pub/Sub message: after the replies before it; at once unless a batch is being answered. */
  private deliver(r: Reply): void {
    if (this.closed) return;
    this.out.push(r, this.info.resp, false);
    // client-output-buffer-limit pubsub (output-limit.ts); a subscriber's replies also count against the normal limit.
    if (this.pubsubLimit.over(this.out.heldBytes)) {
      this.out.take();
      return this.shutdown(CLOSE_OUTPUT_BUFFER);
    }
    this.checkOutput();
    if (!this.running) this.send();
  }

  /**
   * Bytes from the socket (any framing). Commands parsed while a batch is running wait and then run
   * together as the next batch, so a client pipelining over many frames still gets one RPC per node.
   */
  feed(chunk: Uint8Array): void {
    if (this.closed || this.inbox.fatal) return;
    this.inbox.push(chunk);
    // Redis checks right after reading, and closes without a reply (freeClientAsync).
    if (this.queryBufferOver()) return this.shutdown(CLOSE_QUERY_BUFFER);
    // Unauthenticated, the next command is parsed only once the previous one ran (see CommandInbox).
    if (this.running && this.auth === null) return;
    this.inbox.parse(this.auth !== null);
    if (!this.running && (this.inbox.length > 0 || this.inbox.fatal)) {
      this.running = true;
      this.chain = this.drain();
    }
  }

  /**
   * client-query-buffer-limit over all input not yet run: the inbox's, and the commands MULTI queued
   * (they are sent in one node call at EXEC, which must stay under the RPC limit).
   */
  private queryBufferOver(): boolean {
    return this.inbox.queryBufferBytes + (this.multi?.bytes ?? 0) > CLIENT_QUERY_BUFFER_LIMIT;
  }

  private async drain(): Promise<void> {
    try {
      while (!this.closed) {
        this.inbox.parse(this.auth !== null);
        const batch = this.inbox.take();
        const fatal = batch.length === 0 ? this.inbox.fatal : null;
        if (batch.length === 0 && !fatal) return;
        await this.runBatch(batch, fatal);
        if (fatal) return;
      }
    } catch {
      // A bug, not bad input: send what was answered (slots of commands that never ran hold errors,
      // see `flush`), then give up on this connection only.
      this.send();
      this.shutdown({ code: 1011, reason: "internal error" });
    } finally {
      this.running = false;
    }
  }

  /** The socket closed: drop everything. */
  closedByPeer(): void {
    this.closed = true;
    this.pubsub.close();
    this.clients.close();
    this.tracking.close();
  }

  /** Resolves when every batch fed so far has been answered (tests). */
  idle(): Promise<void> {
    return this.chain;
  }

  private conn(): ConnState {
    return {
      resp: this.info.resp, admin: this.auth === "admin", canBlock: true, readonly: this.info.readonly || undefined,
      tracking: this.tracking.options.connField(),
    };
  }

  private async runBatch(batch: BStr[][], fatal: ProtocolError | null): Promise<void> {
    for (const argv of batch) {
      if (this.closed) return;
      await this.command(argv);
    }
    await this.flush();
    if (fatal) this.push(fatal.reply);
    this.send();
    if (fatal) this.shutdown({ code: 1002, reason: "protocol error" });
  }

  private async command(argv: BStr[]): Promise<void> {
    const name = argv[0]!.toLowerCase();
    this.info.lastCommand = commandFullName(argv);
    if (this.auth === null && !NO_AUTH_COMMANDS.has(name)) return this.push(error(ERR.noAuth));
    // MONITOR mode's refusals, CLIENT PAUSE, feeding the isolate's monitors (clients/session.ts).
    let gate = this.clients.before(argv, { conn: this.conn(), multi: this.multi, queued: !!this.multi && !NOT_QUEUED.has(name) }, async () => {
      await this.flush();
      this.send();
    });
    if (gate instanceof Promise) gate = await gate;
    if (gate) return this.push(gate);
    const ps = this.multi ? null : this.pubsub.handle(argv, this.pubsubHost());
    if (ps) {
      await this.flush();
      const replies = await ps;
      // A REDIRECT target of CLIENT TRACKING listens once it subscribes to __redis__:invalidate.
      if (name === "subscribe" && argv.includes(INVALIDATE_CHANNEL)) await this.tracking.listen().catch(() => {});
      for (const r of replies) this.push(r);
      return this.send();
    }
    if (this.multi && !NOT_QUEUED.has(name)) return this.queue(argv);
    // The connection commands: this connection keeps their state (outside MULTI, or always for the MULTI family).
    if (GATEWAY_COMMANDS.has(name)) {
      await this.flush();
      await this.stateful(name, argv);
      // CLIENT CACHING applies to the next command, or to the next transaction.
      if (name !== "client" && !this.multi) this.tracking.options.commandDone();
      return;
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
    if (this.tracking.options.caching) {
      // CLIENT CACHING was for this command alone: it runs by itself, then the flag goes.
      await this.flush();
      this.tracking.options.commandDone();
    }
  }

  /** Sends the pending commands through the router and fills in their replies. */
  private async flush(asking = false): Promise<void> {
    if (this.pending.length === 0 || this.closed) return;
    const pending = this.pending;
    this.pending = [];
    const conn = this.conn();
    if (asking) conn.asking = true;
    let replies: Reply[];
    try {
      replies = await this.router.execute(pending.map((p) => p.argv), conn, this.session);
    } catch (e) {
      const r = error(`ERR internal error: ${e instanceof Error ? e.message : String(e)}`.replace(/[\r\n]/g, " "));
      pending.forEach((p) => this.out.fill(p.at, r));
      throw e;
    }
    pending.forEach((p, i) => this.out.fill(p.at, replies[i] ?? NOT_RUN));
    this.checkOutput();
  }

  /** A slot for a reply still to come (NOT_RUN until it is filled). */
  private reserve(): number {
    return this.out.reserve(this.info.resp, this.dropNext());
  }

  /** Whether CLIENT REPLY OFF / SKIP drops the next reply. */
  private dropNext(): boolean {
    let drop = this.info.replyMode === "off";
    if (this.skip > 0) {
      this.skip--;
      drop = true;
    }
    return drop;
  }

  /** Adds the next reply in order. */
  private push(reply: Reply): void {
    this.out.push(reply, this.info.resp, this.dropNext());
    this.checkOutput();
  }

  /** client-output-buffer-limit: too many reply bytes waiting unsent close the connection. */
  private checkOutput(): void {
    if (this.out.overLimit) {
      this.out.take();
      this.shutdown(CLOSE_OUTPUT_BUFFER);
    }
  }

  /** Sends the replies collected so far. Only called with nothing pending. */
  private send(): void {
    if (this.out.empty || this.closed) return;
    for (const frame of this.out.take()) this.io.send(frame);
  }

  private shutdown(how: { code: number; reason: string }): void {
    if (this.closed) return;
    this.closed = true;
    this.pubsub.close();
    this.clients.close();
    this.tracking.close();
    this.io.close(how.code, how.reason);
  }

  private pubsubHost(): PubSubHost {
    return { resp: this.info.resp, shardCheck: (a) => shardCheck(this.router, a, this.conn()) };
  }

  // ---- MULTI ---------------------------------------------------------------------------------

  private queue(argv: BStr[]): void {
    const m = this.multi!;
    const r = m.add(argv, this.router, this.conn());
    if (r !== QUEUED) return this.push(r);
    if (this.queryBufferOver()) return this.shutdown(CLOSE_QUERY_BUFFER);
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
    const run = (cmds: BStr[][]): Promise<Reply> => this.router.transaction(cmds, { ...this.conn(), canBlock: false }, watches);
    return hasSubscriptions(m.cmds) ? execWithSubscriptions(m.cmds, run, this.pubsub, this.pubsubHost()) : run(m.cmds);
  }

  private async watch(keys: BStr[]): Promise<Reply> {
    const w = await this.router.watch(keys);
    if ("reply" in w) return w.reply;
    addWatchTokens(this.watches, w.tokens);
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
        if (level === null) return this.authFailed();
        this.auth = level;
        return this.push(OK);
      }
      case "multi":
        if (this.multi) return this.push(error("ERR MULTI calls can not be nested"));
        this.multi = new MultiBlock();
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
      case "client": {
        const r = this.clients.client(argv, this.auth === "admin");
        if (!r) {
          const t = this.client(argv, await this.tracking.client(argv));
          this.info.tracking = this.tracking.options.listInfo();
          return t ? this.push(t) : undefined;
        }
        this.push(r.reply);
        if (!r.closeSelf) return;
        this.send();
        return this.shutdown({ code: 1000, reason: "killed by CLIENT KILL" });
      }
      case "monitor": {
        if (this.auth !== "admin") return this.push(noPerm(def, argv));
        const r = this.clients.monitor();
        return r ? this.push(r) : undefined;
      }
      case "quit":
        this.push(OK);
        this.send();
        return this.shutdown({ code: 1000, reason: "QUIT" });
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
      if (level === null) return this.authFailed();
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

  /** WRONGPASS; the MAX_AUTH_FAILURES-th failure also closes the connection, after its reply. */
  private authFailed(): void {
    this.push(error(ERR.wrongPass));
    if (++this.authFailures < MAX_AUTH_FAILURES) return;
    this.send();
    this.shutdown(CLOSE_AUTH_FAILURES);
  }

  /** CLIENT's reply, none for REPLY SKIP (`tracked`: the tracking session's, for its subcommands). */
  private client(argv: BStr[], tracked: Reply | null): Reply | null {
    if (tracked) return tracked;
    this.info.tracking = this.tracking.options.listInfo();
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
      return null;
    }
    return r;
  }

  private resetState(): void {
    this.pubsub.reset();
    this.clients.reset();
    this.tracking.reset();
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
