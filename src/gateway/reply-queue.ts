/**
 * The output side of a RESP connection: replies in order, each with the protocol it is encoded in
 * and whether CLIENT REPLY drops it, until they are sent together. Slots can be reserved for
 * replies still to come (commands sent to a node); a slot holds NOT_RUN until it is filled, so a
 * command that never ran is answered with an error, never with a placeholder +OK.
 *
 * Measures what it holds for client-output-buffer-limit: the connection closes when these bytes
 * plus the socket's own send queue (where the runtime reports it) pass the limit.
 */
import { encodeReplies } from "../resp/encoder";
import { error, replySize, type Reply } from "../resp/reply";

/** The placeholder of a reserved slot: what a command that never ran is answered. */
export const NOT_RUN: Reply = error("ERR internal error: the command was not run");

interface Out {
  reply: Reply;
  proto: 2 | 3;
  drop: boolean;
}

export class ReplyQueue {
  private out: Out[] = [];
  private bytes = 0;

  constructor(private readonly limit: number, private readonly socketBuffered: () => number = () => 0) {}

  /** Adds the next reply in order. */
  push(reply: Reply, proto: 2 | 3, drop: boolean): void {
    this.out.push({ reply, proto, drop });
    if (reply !== NOT_RUN) this.bytes += replySize(reply);
  }

  /** Adds a slot for a reply still to come; returns its index for `fill`. */
  reserve(proto: 2 | 3, drop: boolean): number {
    this.push(NOT_RUN, proto, drop);
    return this.out.length - 1;
  }

  fill(at: number, reply: Reply): void {
    this.out[at]!.reply = reply;
    this.bytes += replySize(reply);
  }

  /** Whether the reply bytes held plus the socket's unsent bytes exceed the output buffer limit. */
  get overLimit(): boolean {
    return this.bytes + this.socketBuffered() > this.limit;
  }

  /** The reply bytes held plus the socket's unsent bytes. */
  get heldBytes(): number {
    return this.bytes + this.socketBuffered();
  }

  get empty(): boolean {
    return this.out.length === 0;
  }

  /** Empties the queue; returns the encoded frames of the replies not dropped (one per protocol run). */
  take(): Uint8Array[] {
    const out = this.out.filter((o) => !o.drop);
    this.out = [];
    this.bytes = 0;
    const frames: Uint8Array[] = [];
    let start = 0;
    for (let i = 1; i <= out.length; i++) {
      if (i === out.length || out[i]!.proto !== out[start]!.proto) {
        frames.push(encodeReplies(out.slice(start, i).map((o) => o.reply), out[start]!.proto));
        start = i;
      }
    }
    return frames;
  }
}
