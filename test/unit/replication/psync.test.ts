/** masterTryPartialResynchronization's every branch, and the PSYNC handler around it. */
import { describe, expect, it } from "vitest";
import {
  createState, feed, masterTryPartialResynchronization, refusalText, setMaster, type ReplicationState,
} from "../../../src/replication";
import { CONFIG, only, sent, TestNode } from "./helpers";

const A = "a".repeat(40);
const B = "b".repeat(40);
const C = "c".repeat(40);

/** replid A (offsets up to 200), replid2 B valid up to 100, backlog holding bytes 51..200. */
function master(): ReplicationState {
  const st = createState("m", 0, () => 0.5);
  Object.assign(st, { replid: A, replid2: B, second_replid_offset: 100, master_repl_offset: 200, backlog: { histlen: 150, offset: 51 } });
  return st;
}

describe("masterTryPartialResynchronization", () => {
  it("continues a replica with my replid whose offset is in the backlog", () => {
    expect(masterTryPartialResynchronization(master(), { replid: A, offset: 120 })).toEqual({ kind: "continue", replid: A, fromOffset: 120 });
  });

  it("continues from the first byte held and from master_repl_offset + 1 (nothing to send yet)", () => {
    expect(masterTryPartialResynchronization(master(), { replid: A, offset: 51 }).kind).toBe("continue");
    expect(masterTryPartialResynchronization(master(), { replid: A, offset: 201 }).kind).toBe("continue");
  });

  it("continues with replid2 up to second_replid_offset, answering with my new replid", () => {
    expect(masterTryPartialResynchronization(master(), { replid: B, offset: 100 })).toEqual({ kind: "continue", replid: A, fromOffset: 100 });
  });

  it("refuses replid2 past second_replid_offset: that history diverged from mine", () => {
    expect(masterTryPartialResynchronization(master(), { replid: B, offset: 101 })).toEqual({
      kind: "fullresync", replid: A, offset: 200, reason: "second-id-offset-too-high",
    });
  });

  it("refuses an unknown replid", () => {
    expect(masterTryPartialResynchronization(master(), { replid: C, offset: 120 })).toMatchObject({ kind: "fullresync", reason: "replid-mismatch" });
  });

  it("refuses `PSYNC ? -1` as a requested full resync", () => {
    expect(masterTryPartialResynchronization(master(), { replid: "?", offset: -1 })).toMatchObject({ kind: "fullresync", reason: "full-resync-requested" });
  });

  it("refuses an offset already trimmed from the backlog", () => {
    expect(masterTryPartialResynchronization(master(), { replid: A, offset: 50 })).toMatchObject({ reason: "offset-below-backlog" });
  });

  it("refuses an offset beyond master_repl_offset + 1", () => {
    expect(masterTryPartialResynchronization(master(), { replid: A, offset: 202 })).toMatchObject({ reason: "offset-above-backlog" });
  });

  it("refuses everything without a backlog", () => {
    const st = master();
    st.backlog = null;
    expect(masterTryPartialResynchronization(st, { replid: A, offset: 120 })).toMatchObject({ reason: "no-backlog" });
  });

  it("compares replication ids case-insensitively, as strcasecmp does", () => {
    expect(masterTryPartialResynchronization(master(), { replid: "A".repeat(40), offset: 120 }).kind).toBe("continue");
  });

  it("words refusals like Redis's log", () => {
    const st = master();
    expect(refusalText(st, { replid: B, offset: 101 }, "r", "second-id-offset-too-high")).toBe(
      "Partial resynchronization not accepted: Requested offset for second ID was 101, but I can reply up to 100",
    );
    expect(refusalText(st, { replid: C, offset: 1 }, "r", "replid-mismatch")).toBe(
      `Partial resynchronization not accepted: Replication ID mismatch (Replica asked for '${C}', my replication IDs are '${A}' and '${B}')`,
    );
  });
});

describe("PSYNC handler", () => {
  it("the first replica of a fresh master gets a full resync on a new history, and a snapshot is asked for", () => {
    const m = new TestNode("m");
    const oldId = m.st.replid;
    const out = m.receive({ type: "psync", from: "r", replid: "?", offset: -1, port: 7001, attempt: 5 });
    expect(m.st.replid).not.toBe(oldId);
    expect(m.st.replid2).toBe("0".repeat(40));
    expect(m.st.backlog).toEqual({ histlen: 0, offset: 1 });
    expect(only(out, "fullresync", "r")).toEqual({ type: "fullresync", from: "m", replid: m.st.replid, offset: 0, attempt: 5 });
    expect(out.effects).toEqual([{ kind: "take-snapshot", replica: "r", replid: m.st.replid, offset: 0, reason: "full-resync-requested" }]);
    expect(m.st.replicas).toMatchObject([{ name: "r", port: 7001, state: "wait_bgsave", snapshotOffset: 0 }]);
    expect(m.st.stats).toMatchObject({ syncFull: 1, syncPartialErr: 0 });
    expect(out.changed).toBe(true);
  });

  it("a partial resync registers the replica online and sends the backlog from its offset", () => {
    const m = new TestNode("m");
    m.receive({ type: "psync", from: "r1", replid: "?", offset: -1, port: 1, attempt: 1 });
    feed(m.st, [["SET", "k", "v"], ["DEL", "x"]], m.env);
    const out = m.receive({ type: "psync", from: "r2", replid: m.st.replid, offset: 1, port: 2, attempt: 9 });
    const c = only(out, "continue", "r2");
    expect(c).toMatchObject({ replid: m.st.replid, offset: 1, attempt: 9 });
    expect(c.bytes).toBe("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n*2\r\n$3\r\nDEL\r\n$1\r\nx\r\n");
    expect(m.st.replicas.map((r) => [r.name, r.state])).toEqual([["r1", "wait_bgsave"], ["r2", "online"]]);
    expect(m.st.stats.syncPartialOk).toBe(1);
  });

  it("splits a long backlog into stream batches after the +CONTINUE", () => {
    const m = new TestNode("m");
    m.config.maxBatchBytes = 20;
    m.receive({ type: "psync", from: "r1", replid: "?", offset: -1, port: 1, attempt: 1 });
    feed(m.st, [["SET", "k", "v"], ["DEL", "x"]], m.env); // 27 + 20 bytes
    const out = m.receive({ type: "psync", from: "r2", replid: m.st.replid, offset: 1, port: 2, attempt: 2 });
    const msgs = sent(out, "r2");
    expect(msgs.map((x) => x.type)).toEqual(["continue", "stream", "stream"]);
    expect(msgs.map((x) => ("bytes" in x ? x.bytes.length : 0))).toEqual([20, 20, 7]);
    expect(msgs.slice(1).map((x) => (x.type === "stream" ? x.startOffset : 0))).toEqual([21, 41]);
  });

  it("a failed PSYNC with a real replid counts as a partial-sync error", () => {
    const m = new TestNode("m");
    m.receive({ type: "psync", from: "r", replid: "c".repeat(40), offset: 5, port: 1, attempt: 1 });
    expect(m.st.stats).toMatchObject({ syncFull: 1, syncPartialErr: 1 });
  });

  it("a replica whose own link is down answers -NOMASTERLINK", () => {
    const r = new TestNode("r");
    setMaster(r.st, { name: "m", port: 6379 }, r.env);
    const out = r.receive({ type: "psync", from: "sub", replid: "?", offset: -1, port: 1, attempt: 3 });
    expect(only(out, "psync-error", "sub")).toMatchObject({ text: "NOMASTERLINK Can't SYNC while not connected with my master", attempt: 3 });
    expect(r.st.replicas).toEqual([]);
  });

  it("a second PSYNC from the same replica replaces its entry", () => {
    const m = new TestNode("m");
    m.receive({ type: "psync", from: "r", replid: "?", offset: -1, port: 1, attempt: 1 });
    m.receive({ type: "psync", from: "r", replid: m.st.replid, offset: 1, port: 1, attempt: 2 });
    expect(m.st.replicas.map((r) => r.state)).toEqual(["online"]);
  });

  it("keeps the replid when the backlog already exists", () => {
    const m = new TestNode("m");
    m.receive({ type: "psync", from: "r1", replid: "?", offset: -1, port: 1, attempt: 1 });
    const id = m.st.replid;
    m.receive({ type: "psync", from: "r2", replid: "?", offset: -1, port: 1, attempt: 1 });
    expect(m.st.replid).toBe(id);
    expect(CONFIG.backlogSizeBytes).toBe(1024 * 1024);
  });
});
