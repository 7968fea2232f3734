/**
 * One hub's subscriptions, in memory: who listens to which channel, pattern and shard channel,
 * and what a publication delivers to whom. Pure (no storage, no sockets): the hub (hub.ts) keeps
 * it in step with SQLite and carries out the deliveries.
 *
 * Counts follow Redis's pubsubPublishMessage: one receiver per channel subscriber plus one per
 * matching pattern subscription (a connection with two matching patterns gets two pmessages);
 * shard channels ignore patterns. PUBSUB NUMPAT is the number of distinct patterns.
 */
import type { BStr } from "../resp/bytes";
import { globMatch } from "../keyspace/glob";
import type { HubFrame, HubQuery, Publication, SubKind } from "./protocol";

export interface Delivery {
  conn: string;
  frame: HubFrame;
}

export class Subscriptions {
  private readonly byName: Record<SubKind, Map<BStr, Set<string>>> = { c: new Map(), p: new Map(), s: new Map() };
  private readonly byConn = new Map<string, Set<string>>();

  /** Adds a subscription; false if it was there. */
  add(conn: string, kind: SubKind, name: BStr): boolean {
    const index = this.byName[kind];
    let subs = index.get(name);
    if (!subs) index.set(name, (subs = new Set()));
    if (subs.has(conn)) return false;
    subs.add(conn);
    let mine = this.byConn.get(conn);
    if (!mine) this.byConn.set(conn, (mine = new Set()));
    mine.add(kind + name);
    return true;
  }

  /** Removes a subscription; false if there was none. */
  remove(conn: string, kind: SubKind, name: BStr): boolean {
    const index = this.byName[kind];
    const subs = index.get(name);
    if (!subs?.delete(conn)) return false;
    if (subs.size === 0) index.delete(name);
    const mine = this.byConn.get(conn);
    mine?.delete(kind + name);
    if (mine?.size === 0) this.byConn.delete(conn);
    return true;
  }

  /** Removes everything of `conn`; returns what it had. */
  dropConn(conn: string): [SubKind, BStr][] {
    const mine = [...(this.byConn.get(conn) ?? [])].map((k): [SubKind, BStr] => [k[0] as SubKind, k.slice(1)]);
    for (const [kind, name] of mine) this.remove(conn, kind, name);
    return mine;
  }

  get connections(): IterableIterator<string> {
    return this.byConn.keys();
  }

  /** Who receives `pub`, in Redis's order: channel subscribers, then pattern subscribers. */
  deliveries([kind, channel, message]: Publication): Delivery[] {
    const out: Delivery[] = [];
    for (const conn of this.byName[kind].get(channel) ?? []) {
      out.push({ conn, frame: kind === "c" ? ["m", channel, message] : ["s", channel, message] });
    }
    if (kind === "s") return out;
    for (const [pattern, conns] of this.byName.p) {
      if (!globMatch(pattern, channel)) continue;
      for (const conn of conns) out.push({ conn, frame: ["p", pattern, channel, message] });
    }
    return out;
  }

  /** PUBSUB CHANNELS / NUMSUB / NUMPAT (and the SHARD forms) over this hub. */
  query(q: HubQuery): (BStr | number)[] {
    switch (q.q) {
      case "channels":
        return [...this.byName[q.kind].keys()].filter((ch) => q.pattern === null || globMatch(q.pattern, ch));
      case "numsub":
        return q.channels.map((ch) => this.byName[q.kind].get(ch)?.size ?? 0);
      case "numpat":
        return [this.byName.p.size];
    }
  }
}
