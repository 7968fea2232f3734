/**
 * The cluster-mode view of one bridged connection: it reads the client's commands (to know which
 * reply answers a CLUSTER command) and frames the node's replies. Replies pass through byte for
 * byte, except MOVED/ASK errors and the replies to CLUSTER SLOTS/SHARDS/NODES/REPLICAS, whose
 * node addresses are rewritten to local ports (rewrite.ts). Replies come back in command order on one connection,
 * so a FIFO of the commands sent pairs each reply with its command (RESP3 pushes are not replies).
 * Not rewritten: a CLUSTER command queued in MULTI (its reply arrives inside EXEC's array).
 */
import { ProtocolError, RespCommandParser, RespReplyParser } from "../../src/resp/parser";
import { encodeReply, type Proto } from "../../src/resp/encoder";
import { ReplyFramer } from "./reply-framer";
import { rewriteClusterReply, rewriteRedirect, type PortOf } from "./rewrite";

const MINUS = 45;
/** The CLUSTER subcommands whose replies carry node addresses (GETKEYSINSLOT's keys are left alone). */
const ADDRESS_SUBCOMMANDS = new Set(["slots", "shards", "nodes", "replicas", "slaves"]);
const PUSH = 62;

interface Sent {
  cluster: boolean;
  /** HELLO's protocol version: the reply switches the connection to it (re-encoding needs it). */
  hello: Proto | null;
}

export class ClusterTap {
  private readonly commands = new RespCommandParser();
  private readonly sent: Sent[] = [];
  private readonly framer: ReplyFramer;
  private proto: Proto = 2;
  private tracking = true;

  /** `out` writes bytes to the client. */
  constructor(private readonly portOf: PortOf, out: (bytes: Uint8Array) => void) {
    this.framer = new ReplyFramer({
      begin: (type) => type === MINUS || (type !== PUSH && (this.sent[0]?.cluster === true || this.sent[0]?.hello != null)),
      pass: out,
      end: (type, captured) => {
        const cmd = type === PUSH ? undefined : this.sent.shift();
        if (captured) out(this.rewrite(type, captured, cmd));
      },
    });
  }

  /** Bytes the client sent (already forwarded unchanged). */
  fromClient(chunk: Uint8Array): void {
    if (!this.tracking) return;
    this.commands.push(chunk);
    for (let argv = this.commands.next(); argv !== null; argv = this.commands.next()) {
      if (argv instanceof ProtocolError) {
        this.tracking = false; // the node answers the error and closes the connection
        return;
      }
      const name = argv[0]!.toLowerCase();
      const version = name === "hello" ? argv[1] : undefined;
      const cluster = name === "cluster" && ADDRESS_SUBCOMMANDS.has(argv[1]?.toLowerCase() ?? "");
      this.sent.push({ cluster, hello: version === "2" || version === "3" ? Number(version) as Proto : null });
    }
  }

  /** Bytes the node sent; what reaches the client goes through `out`. */
  fromServer(chunk: Uint8Array): void {
    this.framer.push(chunk);
  }

  private rewrite(type: number, bytes: Uint8Array, cmd: Sent | undefined): Uint8Array {
    if (type === MINUS) {
      const text = Buffer.from(bytes).toString("latin1", 1, bytes.length - 2);
      const moved = rewriteRedirect(text, this.portOf);
      return moved === null ? bytes : Buffer.from(`-${moved}\r\n`, "latin1");
    }
    if (cmd?.hello != null) {
      this.proto = cmd.hello;
      return bytes;
    }
    const parser = new RespReplyParser();
    parser.push(bytes);
    const reply = parser.next();
    if (reply === null || reply instanceof ProtocolError) return bytes;
    const rewritten = rewriteClusterReply(reply, this.portOf);
    return rewritten ? encodeReply(rewritten, this.proto) : bytes;
  }
}
