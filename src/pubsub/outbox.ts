/**
 * A node's outgoing Pub/Sub: what PUBLISH, SPUBLISH, PUBSUB and keyspace notifications produce
 * while commands run (synchronously, inside their SQLite transaction), held until the runtime
 * flushes it after the batch, before the RPC answers. Commands get a placeholder reply at once;
 * `flush` asks the hubs and fills it in (in place: the same object already sits in the batch's
 * replies, or in EXEC's array). Each hub gets its share of the batch in one RPC, in order.
 */
import type { BStr } from "../resp/bytes";
import { arr, bulk, error, int, type Reply } from "../resp/reply";
import { hubOf, type HubQuery, type Publication } from "./protocol";

/** How the node reaches the hubs (bound by the Durable Object adapter). */
export interface HubPort {
  readonly hubs: number;
  publish(hub: number, pubs: Publication[]): Promise<number[]>;
  query(hub: number, q: HubQuery): Promise<(BStr | number)[]>;
}

/** PUBSUB's reply, assembled from the hubs' answers. */
export type PubsubAsk =
  | { q: "channels"; kind: "c" | "s"; pattern: BStr | null }
  | { q: "numsub"; kind: "c" | "s"; channels: BStr[] }
  | { q: "numpat" };

interface Pending {
  pub: Publication;
  /** The PUBLISH reply to fill in; none for a notification. */
  reply: Reply | null;
}

export class PubSubOutbox {
  private pubs: Pending[] = [];
  private asks: { ask: PubsubAsk; reply: Reply }[] = [];

  constructor(private readonly port: HubPort | null) {}

  get empty(): boolean {
    return this.pubs.length === 0 && this.asks.length === 0;
  }

  /** PUBLISH / SPUBLISH: the receivers' count, once flushed. */
  publish(kind: "c" | "s", channel: BStr, message: BStr): Reply {
    const reply: Reply = { t: "int", v: 0 };
    if (this.port) this.pubs.push({ pub: [kind, channel, message], reply });
    return reply;
  }

  /** A keyspace notification: published, nobody waits for its count. */
  notify(channel: BStr, message: BStr): void {
    if (this.port) this.pubs.push({ pub: ["c", channel, message], reply: null });
  }

  /** PUBSUB CHANNELS/NUMSUB/NUMPAT/SHARDCHANNELS/SHARDNUMSUB: the answer, once flushed. */
  pubsub(ask: PubsubAsk): Reply {
    const reply: Reply = { t: "array", v: [] };
    if (this.port) this.asks.push({ ask, reply });
    else Object.assign(reply, answer(ask, []));
    return reply;
  }

  /** Sends what the batch produced; fills in every placeholder (an error if a hub failed). */
  async flush(): Promise<void> {
    const port = this.port;
    if (!port || this.empty) return;
    const pubs = this.pubs;
    const asks = this.asks;
    this.pubs = [];
    this.asks = [];
    const byHub = new Map<number, Pending[]>();
    for (const p of pubs) {
      const h = hubOf(p.pub[1], port.hubs);
      let list = byHub.get(h);
      if (!list) byHub.set(h, (list = []));
      list.push(p);
    }
    await Promise.all([...byHub].map(async ([hub, list]) => {
      try {
        const counts = await port.publish(hub, list.map((p) => p.pub));
        list.forEach((p, i) => p.reply && Object.assign(p.reply, int(counts[i] ?? 0)));
      } catch (e) {
        for (const p of list) if (p.reply) Object.assign(p.reply, hubError(e));
      }
    }));
    for (const { ask, reply } of asks) {
      try {
        Object.assign(reply, await this.ask(port, ask));
      } catch (e) {
        Object.assign(reply, hubError(e));
      }
    }
  }

  private async ask(port: HubPort, ask: PubsubAsk): Promise<Reply> {
    const all = [...Array(port.hubs).keys()];
    switch (ask.q) {
      case "numpat":
        // Every hub holds every pattern.
        return answer(ask, await port.query(0, { q: "numpat" }));
      case "channels": {
        const lists = await Promise.all(all.map((h) => port.query(h, ask)));
        return answer(ask, lists.flat());
      }
      case "numsub": {
        const counts = await Promise.all(ask.channels.map(async (ch) => (await port.query(hubOf(ch, port.hubs), { ...ask, channels: [ch] }))[0] ?? 0));
        return answer(ask, counts);
      }
    }
  }
}

function answer(ask: PubsubAsk, got: (BStr | number)[]): Reply {
  switch (ask.q) {
    case "numpat":
      return int(Number(got[0] ?? 0));
    case "channels":
      return arr(got.map((c) => bulk(String(c))));
    case "numsub":
      return arr(ask.channels.flatMap((ch, i) => [bulk(ch), int(Number(got[i] ?? 0))]));
  }
}

const hubError = (e: unknown): Reply =>
  error(`ERR pubsub hub unreachable: ${e instanceof Error ? e.message : String(e)}`.replace(/[\r\n]/g, " ").slice(0, 256));
