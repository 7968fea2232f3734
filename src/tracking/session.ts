/**
 * A gateway connection's client-side caching (its CLIENT TRACKING state, tracking/options.ts), and
 * the link that brings its invalidations: while tracking is on, the connection subscribes to its
 * own channel on the pubsub hubs (tracking/message.ts; HubLinks, the Pub/Sub machinery), the nodes
 * publish there, and each message becomes Redis's `invalidate` push (RESP3), or, with REDIRECT,
 * goes to the named connection: a push if it speaks RESP3, a `message` on `__redis__:invalidate`
 * if it is a RESP2 connection subscribed to that channel, nothing otherwise (sendTrackingMessage).
 *
 * Once subscribed, a keyspace-wide command carries the connection's state to every master (BCAST
 * prefixes; that it listens, after an OFF).
 * REDIRECT names a connection of this gateway instance (client ids are per instance).
 */
import type { BStr } from "../resp/bytes";
import { arr, bulk, error, int, NULL, OK, type Reply } from "../resp/reply";
import { hubCount, hubOf, hubStub, type HubFrame, type HubNamespace } from "../pubsub/protocol";
import { HubLinks } from "../gateway/pubsub-link";
import { TrackingOptions } from "./options";
import { channelOf, INVALIDATE_CHANNEL, parseMessage } from "./message";

/** What a connection lends its tracking session, and what REDIRECT delivers to. */
export interface TrackingHost {
  readonly clientId: number;
  resp(): 2 | 3;
  /** Subscribed (SUBSCRIBE) to `channel`. */
  subscribedTo(channel: BStr): boolean;
  /** A push for the client, after the replies already queued. */
  deliver(r: Reply): void;
  /**
   * Runs a keyspace-wide command (DBSIZE) with the connection's state, so that every master
   * learns its BCAST prefixes (tracking/message.ts); its reply.
   */
  announce(): Promise<Reply>;
}

/** The connections of this gateway instance, by client id (REDIRECT's targets). */
const clients = new Map<number, TrackingSession>();

/** Marks an invalidation forwarded to a REDIRECT target (on the target's own channel). */
const FORWARDED = "r";

const push = (...v: Reply[]): Reply => ({ t: "push", v });
const keysOf = (key: BStr | null): Reply => (key === null ? NULL : arr([bulk(key)]));
const invalidate = (key: BStr | null): Reply => push(bulk("invalidate"), keysOf(key));

export class TrackingSession {
  readonly options = new TrackingOptions(crypto.randomUUID());
  private links: HubLinks | null = null;

  constructor(
    private readonly env: HubNamespace,
    private readonly host: TrackingHost,
    /** The hub link broke: invalidations may have been lost, the connection must close. */
    private readonly lost: () => void,
  ) {
    clients.set(host.clientId, this);
  }

  /** CLIENT TRACKING / CACHING / GETREDIR / TRACKINGINFO; null for another subcommand. */
  async client(argv: BStr[]): Promise<Reply | null> {
    const sub = argv[1]!.toLowerCase();
    const o = this.options;
    if (sub === "getredir" && argv.length === 2) return o.getredir();
    if (sub === "trackinginfo" && argv.length === 2) return o.info();
    if (sub === "caching" && argv.length === 3) return o.cachingCommand(argv[2]!);
    if (sub !== "tracking" || argv.length < 3) return null;
    const r = o.tracking(argv, (id) => id !== this.host.clientId ? clients.has(id) : true);
    if ("t" in r) return r;
    if (!r.on) {
      if (!this.host.subscribedTo(INVALIDATE_CHANNEL)) this.dropLinks();
      return OK;
    }
    try {
      await this.subscribe();
    } catch (e) {
      this.reset();
      return error(`ERR pubsub hub unreachable: ${e instanceof Error ? e.message : String(e)}`.replace(/[\r\n]/g, " "));
    }
    // Every master hears of the connection: its BCAST prefixes, or that it listens again after an OFF.
    const told = await this.host.announce();
    if (told.t === "error") {
      this.reset();
      return told;
    }
    return OK;
  }

  /**
   * The connection SUBSCRIBEd to __redis__:invalidate: it may be named by another's REDIRECT, whose
   * invalidations then come on this connection's own channel (a socket belongs to the request that
   * opened it, so the other connection cannot write here itself).
   */
  async listen(): Promise<void> {
    await this.subscribe();
  }

  /** Subscribes to this connection's invalidation channel (once); answered once the hub holds it. */
  private async subscribe(): Promise<void> {
    if (this.links) return;
    const links = new HubLinks(this.env, crypto.randomUUID(), (f) => this.onFrame(f), () => this.lost());
    this.links = links;
    const ch = channelOf(this.options.id);
    try {
      await links.control(hubOf(ch, links.hubs), "sub", "c", [ch]);
    } catch (e) {
      this.dropLinks();
      throw e;
    }
  }

  private onFrame(f: HubFrame): void {
    const o = this.options;
    if (f[0] !== "m" || f[1] !== channelOf(o.id)) return;
    if (f[2][0] === FORWARDED) {
      const inv = parseMessage(f[2].slice(1));
      if (inv) this.receive(inv.key);
      return;
    }
    const inv = o.on ? parseMessage(f[2]) : null;
    if (!inv || (inv.key !== null && (inv.bcast !== o.bcast || (o.noloop && inv.writer === o.id)))) return;
    if (o.redirect === 0) {
      if (this.host.resp() === 3) this.host.deliver(invalidate(inv.key));
      return;
    }
    const target = clients.get(o.redirect);
    if (!target) {
      if (!o.brokenRedirect) {
        o.brokenRedirect = true;
        if (this.host.resp() === 3) this.host.deliver(push(bulk("tracking-redir-broken"), int(o.redirect)));
      }
      return;
    }
    if (target === this) return this.receive(inv.key);
    const ch = channelOf(target.options.id);
    hubStub(this.env, hubOf(ch, hubCount(this.env))).publish([["c", ch, FORWARDED + f[2]]]).catch(() => {});
  }

  /** An invalidation for this connection as a REDIRECT target (or for itself): by its protocol. */
  private receive(key: BStr | null): void {
    if (this.host.resp() === 3) return this.host.deliver(invalidate(key));
    if (this.host.subscribedTo(INVALIDATE_CHANNEL)) this.host.deliver(push(bulk("message"), bulk(INVALIDATE_CHANNEL), keysOf(key)));
  }

  private dropLinks(): void {
    this.links?.close();
    this.links = null;
  }

  /** RESET: tracking off. */
  reset(): void {
    this.options.disable();
    this.dropLinks();
  }

  /** The connection closed. */
  close(): void {
    this.reset();
    clients.delete(this.host.clientId);
  }
}
