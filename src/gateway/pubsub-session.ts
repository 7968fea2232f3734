/**
 * A RESP connection's Pub/Sub side (Redis's pubsub.c, per client): its channels, patterns and
 * shard channels, the (un)subscribe replies with Redis's counts, the RESP2 subscribed-mode rule
 * (only (P|S)SUBSCRIBE, (P|S)UNSUBSCRIBE, PING, QUIT and RESET), and the messages the hubs deliver
 * turned into `message` / `pmessage` / `smessage` pushes (RESP3 `>`; arrays in RESP2).
 *
 * Counts: SUBSCRIBE/PSUBSCRIBE and their UNSUBSCRIBEs report channels + patterns; the shard forms
 * report shard channels (clientSubscriptionsCount / clientShardSubscriptionsCount).
 */
import type { BStr } from "../resp/bytes";
import { bulk, error, int, NULL, type Reply } from "../resp/reply";
import { arityOk, CONTAINER_COMMANDS, lookupCommand } from "../commands/registry";
import { SUBSCRIBE_COMMANDS } from "../commands/specs/pubsub";
import { hubOf, type HubFrame, type HubNamespace, type SubKind } from "../pubsub/protocol";
import { HubLinks } from "./pubsub-link";

/** Commands a RESP2 connection may run while subscribed (processCommand's list). */
const SUBSCRIBED_OK = new Set([...SUBSCRIBE_COMMANDS, "ping", "quit", "reset"]);

const KIND: Record<string, { kind: SubKind; sub: boolean; word: string }> = {
  subscribe: { kind: "c", sub: true, word: "subscribe" },
  unsubscribe: { kind: "c", sub: false, word: "unsubscribe" },
  psubscribe: { kind: "p", sub: true, word: "psubscribe" },
  punsubscribe: { kind: "p", sub: false, word: "punsubscribe" },
  ssubscribe: { kind: "s", sub: true, word: "ssubscribe" },
  sunsubscribe: { kind: "s", sub: false, word: "sunsubscribe" },
};

export interface PubSubHost {
  readonly resp: 2 | 3;
  /** SSUBSCRIBE / SUNSUBSCRIBE: whether the channels' slot is served where this connection routes (null) or the refusal. */
  shardCheck(argv: BStr[]): Promise<Reply | null>;
}

const push = (...v: Reply[]): Reply => ({ t: "push", v });

export class PubSubSession {
  private readonly subs: Record<SubKind, Set<BStr>> = { c: new Set(), p: new Set(), s: new Set() };
  private links: HubLinks | null = null;

  constructor(
    private readonly env: HubNamespace,
    /** A message for the client, in arrival order. */
    private readonly deliver: (r: Reply) => void,
    /** A hub link broke: the connection must close (its subscriptions are incomplete). */
    private readonly lost: () => void,
  ) {}

  /** CLIENT LIST's sub, psub and ssub. */
  counts(): { sub: number; psub: number; ssub: number } {
    return { sub: this.subs.c.size, psub: this.subs.p.size, ssub: this.subs.s.size };
  }

  /** SUBSCRIBEd to `channel` (CLIENT TRACKING's REDIRECT to a RESP2 connection). */
  subscribedTo(channel: BStr): boolean {
    return this.subs.c.has(channel);
  }

  /** Subscribed to anything (Redis's CLIENT_PUBSUB flag). */
  get active(): boolean {
    return this.subs.c.size + this.subs.p.size + this.subs.s.size > 0;
  }

  /**
   * The replies to `argv` if this session answers it (a subscribe command, or any command while a
   * RESP2 connection is subscribed), else null. Unknown commands and wrong arity are left to the
   * normal path, which Redis checks first.
   */
  handle(argv: BStr[], host: PubSubHost): Promise<Reply[]> | null {
    const name = argv[0]!.toLowerCase();
    const def = lookupCommand(name);
    if (!def || !arityOk(def, argv.length)) return null;
    const k = KIND[name];
    if (k) return this.run(k, argv, host);
    if (host.resp === 3 || !this.active) return null;
    if (name === "ping") return Promise.resolve([this.ping(argv, host.resp)]);
    if (SUBSCRIBED_OK.has(name)) return null;
    const full = CONTAINER_COMMANDS.has(name) && argv.length > 1 ? `${name}|${argv[1]!.toLowerCase()}` : name;
    return Promise.resolve([error(
      `ERR Can't execute '${full}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context`,
    )]);
  }

  /** PING's reply: RESP2 while subscribed answers `pong` and the argument as an array. */
  ping(argv: BStr[], resp: 2 | 3): Reply {
    if (resp === 2 && this.active) return { t: "array", v: [bulk("pong"), bulk(argv[1] ?? "")] };
    return argv.length > 1 ? bulk(argv[1]!) : { t: "simple", v: "PONG" };
  }

  /** A hub's delivery, if this connection still listens to it (an unsubscribe may have crossed it). */
  private onFrame(f: HubFrame): void {
    if (f[0] === "m" && this.subs.c.has(f[1])) this.deliver(push(bulk("message"), bulk(f[1]), bulk(f[2])));
    else if (f[0] === "p" && this.subs.p.has(f[1])) this.deliver(push(bulk("pmessage"), bulk(f[1]), bulk(f[2]), bulk(f[3])));
    else if (f[0] === "s" && this.subs.s.has(f[1])) this.deliver(push(bulk("smessage"), bulk(f[1]), bulk(f[2])));
  }

  private count(kind: SubKind): number {
    return kind === "s" ? this.subs.s.size : this.subs.c.size + this.subs.p.size;
  }

  private async run(k: (typeof KIND)[string], argv: BStr[], host: PubSubHost): Promise<Reply[]> {
    const set = this.subs[k.kind];
    if (k.kind === "s" && argv.length > 1) {
      const refused = await host.shardCheck(argv);
      if (refused) return [refused];
    }
    const names = k.sub || argv.length > 1 ? [...new Set(argv.slice(1))] : [...set];
    const changing = names.filter((n) => set.has(n) !== k.sub);
    if (changing.length > 0) {
      try {
        await this.apply(k.sub ? "sub" : "unsub", k.kind, changing);
      } catch (e) {
        return [error(`ERR pubsub hub unreachable: ${e instanceof Error ? e.message : String(e)}`.replace(/[\r\n]/g, " "))];
      }
    }
    const replies: Reply[] = [];
    for (const n of argv.length > 1 ? argv.slice(1) : names) {
      if (k.sub) set.add(n);
      else set.delete(n);
      replies.push(push(bulk(k.word), bulk(n), int(this.count(k.kind))));
    }
    // Unsubscribing from everything while subscribed to nothing still answers, with a null name.
    if (replies.length === 0) replies.push(push(bulk(k.word), NULL, int(this.count(k.kind))));
    if (!this.active) this.dropLinks();
    return replies;
  }

  /** Sends the change to the hubs that hold `names` (every hub for patterns) and waits for them. */
  private async apply(op: "sub" | "unsub", kind: SubKind, names: BStr[]): Promise<void> {
    const links = (this.links ??= new HubLinks(this.env, crypto.randomUUID(), (f) => this.onFrame(f), () => this.lost()));
    const byHub = new Map<number, BStr[]>();
    const add = (hub: number, n: BStr): void => {
      const list = byHub.get(hub);
      if (list) list.push(n);
      else byHub.set(hub, [n]);
    };
    for (const n of names) {
      if (kind === "p") for (let h = 0; h < links.hubs; h++) add(h, n);
      else add(hubOf(n, links.hubs), n);
    }
    const work = [...byHub].map(([hub, list]) => links.control(hub, op, kind, list));
    // Unsubscribing need not wait: deliveries for a name no longer held are dropped (onFrame).
    if (op === "sub") await Promise.all(work);
    else work.forEach((w) => w.catch(() => {}));
  }

  private dropLinks(): void {
    this.links?.close();
    this.links = null;
  }

  /** RESET: out of every subscription, without replies. */
  reset(): void {
    for (const s of Object.values(this.subs)) s.clear();
    this.dropLinks();
  }

  close(): void {
    this.reset();
  }
}
