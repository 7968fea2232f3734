/**
 * The bridge's cluster-mode reply handling (scripts/bridge/): framing replies split at any byte,
 * passing everything but CLUSTER replies and MOVED/ASK through byte for byte, and rewriting node
 * addresses to local ports in RESP2 and RESP3.
 */
import { describe, expect, it } from "vitest";
import { ClusterTap } from "../../../scripts/bridge/cluster-tap";
import { ReplyFramer } from "../../../scripts/bridge/reply-framer";
import { encodeCommand, encodeReplies, type Proto } from "../../../src/resp/encoder";
import { arr, bulk, int, map, type Reply } from "../../../src/resp/reply";
import { fromBytes } from "../../../src/resp/bytes";

const PORTS: Record<string, number> = { "node-0": 7000, "node-1": 7001 };
const portOf = (name: string): number => PORTS[name] ?? 7999;
const ID = "a".repeat(40);

/** Runs commands and their replies through a tap, the replies fed `step` bytes at a time. */
function tap(commands: string[][], replies: Uint8Array, step: number): string {
  let out = "";
  const t = new ClusterTap(portOf, (b) => (out += fromBytes(b)));
  for (const c of commands) t.fromClient(encodeCommand(c));
  for (let i = 0; i < replies.length; i += step) t.fromServer(replies.subarray(i, i + step));
  return out;
}

const slotsReply: Reply = arr([arr([int(0), int(5460), arr([bulk("node-0"), int(6379), bulk(ID), map([])])])]);
const shardsReply: Reply = arr([map([[bulk("slots"), arr([int(0), int(5460)])], [bulk("nodes"), arr([
  map([[bulk("id"), bulk(ID)], [bulk("port"), int(6379)], [bulk("ip"), bulk("node-1")], [bulk("endpoint"), bulk("node-1")]]),
])]])]);
const localSlots: Reply = arr([arr([int(0), int(5460), arr([bulk("127.0.0.1"), int(7000), bulk(ID), map([])])])]);
const localShards: Reply = arr([map([[bulk("slots"), arr([int(0), int(5460)])], [bulk("nodes"), arr([
  map([[bulk("id"), bulk(ID)], [bulk("port"), int(7001)], [bulk("ip"), bulk("127.0.0.1")], [bulk("endpoint"), bulk("127.0.0.1")]]),
])]])]);

describe("bridge cluster tap", () => {
  for (const step of [1, 3, 1000]) {
    it(`rewrites CLUSTER SLOTS/SHARDS/NODES and MOVED, passes the rest unchanged (chunks of ${step} bytes)`, () => {
      const nodes = `${ID} node-1:6379@16379 myself,master - 0 0 1 connected 0-5460\n`;
      const others: Reply[] = [bulk("node-0:6379 is data"), arr([bulk("node-0"), int(6379)]), { t: "nullarray" }];
      const replies = encodeReplies([
        slotsReply, ...others, { t: "error", v: "MOVED 42 node-1:6379" }, shardsReply, bulk(nodes), { t: "error", v: "ASK 7 node-9:6379" },
      ], 2);
      const commands = [["CLUSTER", "SLOTS"], ["GET", "x"], ["LRANGE", "l", "0", "-1"], ["LRANGE", "m", "0", "1"], ["GET", "y"],
        ["cluster", "shards"], ["CLUSTER", "NODES"], ["GET", "z"]];
      expect(tap(commands, replies, step)).toBe(fromBytes(encodeReplies([
        localSlots, ...others, { t: "error", v: "MOVED 42 127.0.0.1:7001" }, localShards,
        bulk(`${ID} 127.0.0.1:7001@17001 myself,master - 0 0 1 connected 0-5460\n`), { t: "error", v: "ASK 7 127.0.0.1:7999" },
      ], 2)));
    });
  }

  it("leaves CLUSTER GETKEYSINSLOT's keys alone, even when they look like node lines", () => {
    const keys = encodeReplies([arr([bulk(`${ID} node-0:6379@16379`)])], 2);
    expect(tap([["CLUSTER", "GETKEYSINSLOT", "0", "10"]], keys, 4)).toBe(fromBytes(keys));
  });

  it("re-encodes a rewritten reply in RESP3 after HELLO 3", () => {
    const hello = map([[bulk("proto"), int(3)]]);
    const replies = encodeReplies([hello, shardsReply], 3);
    expect(tap([["HELLO", "3"], ["CLUSTER", "SHARDS"]], replies, 5)).toBe(fromBytes(encodeReplies([hello, localShards], 3 as Proto)));
  });

  it("frames nested aggregates, nulls, attributes and pushes", () => {
    const ends: number[] = [];
    let passed = 0;
    const f = new ReplyFramer({ begin: () => false, pass: (b) => (passed += b.length), end: (t) => ends.push(t) });
    const bytes = Buffer.from("*2\r\n*1\r\n$3\r\nabc\r\n$-1\r\n|1\r\n+k\r\n+v\r\n:5\r\n>2\r\n+a\r\n+b\r\n%1\r\n+k\r\n*0\r\n_\r\n", "latin1");
    for (const b of bytes) f.push(Uint8Array.of(b));
    expect(ends.map((t) => String.fromCharCode(t))).toEqual(["*", "|", ">", "%", "_"]);
    expect(passed).toBe(bytes.length);
  });
});
