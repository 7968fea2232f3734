/**
 * A subscriber connection's links to the pubsub hubs: one WebSocket per hub it needs (its
 * channels' hubs; every hub once it has a pattern), opened on first use. The hub accepts it with
 * the hibernation API, so a link costs the hub nothing while no message flows. Control messages
 * (subscribe, unsubscribe) are acknowledged by the hub once applied: a SUBSCRIBE is answered only
 * after that, so any PUBLISH that follows its reply reaches this connection.
 */
import type { BStr } from "../resp/bytes";
import { hubCount, hubStub, type HubFrame, type HubNamespace, type SubKind } from "../pubsub/protocol";

export class HubLinks {
  readonly hubs: number;
  private readonly sockets = new Map<number, Promise<WebSocket>>();
  private readonly acks = new Map<number, { resolve(): void; reject(e: Error): void }>();
  private seq = 0;
  private closed = false;

  constructor(
    private readonly env: HubNamespace,
    private readonly id: string,
    /** A message delivered by a hub. */
    private readonly onMessage: (frame: HubFrame) => void,
    /** A hub closed its link (a restart): this connection's subscriptions there are gone. */
    private readonly onLost: () => void,
  ) {
    this.hubs = hubCount(env);
  }

  /** Applies a control message on `hub`; resolves when the hub has. */
  async control(hub: number, op: "sub" | "unsub", kind: SubKind, names: BStr[]): Promise<void> {
    const ws = await this.socket(hub);
    const seq = ++this.seq;
    const acked = new Promise<void>((resolve, reject) => this.acks.set(seq, { resolve, reject }));
    ws.send(JSON.stringify({ op, kind, names, seq }));
    await acked;
  }

  /** Closes every link (the hubs drop this connection's subscriptions). */
  close(): void {
    this.closed = true;
    for (const p of this.sockets.values()) {
      p.then((ws) => ws.close(1000, "unsubscribed"), () => {}).catch(() => {});
    }
    this.sockets.clear();
    this.failAcks(new Error("connection closed"));
  }

  private socket(hub: number): Promise<WebSocket> {
    let p = this.sockets.get(hub);
    if (!p) {
      p = this.open(hub);
      this.sockets.set(hub, p);
      p.catch(() => this.sockets.delete(hub));
    }
    return p;
  }

  private async open(hub: number): Promise<WebSocket> {
    const res = await hubStub(this.env, hub).fetch(new Request(`https://hub/?conn=${encodeURIComponent(this.id)}`, { headers: { Upgrade: "websocket" } }));
    const ws = res.webSocket;
    if (!ws) throw new Error(`pubsub hub ${hub} refused the link (${res.status})`);
    ws.accept();
    ws.addEventListener("message", (ev: MessageEvent) => {
      if (typeof ev.data !== "string") return;
      const frame = JSON.parse(ev.data) as HubFrame;
      if (frame[0] !== "a") return this.onMessage(frame);
      this.acks.get(frame[1])?.resolve();
      this.acks.delete(frame[1]);
    });
    const lost = (): void => {
      if (this.closed) return;
      this.failAcks(new Error(`pubsub hub ${hub} closed the link`));
      this.onLost();
    };
    ws.addEventListener("close", lost);
    ws.addEventListener("error", lost);
    return ws;
  }

  private failAcks(e: Error): void {
    for (const a of this.acks.values()) a.reject(e);
    this.acks.clear();
  }
}
