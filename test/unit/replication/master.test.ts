/** The master side: full-sync pages pulled by the replica, going online, catch-up, links closed, bad input. */
import { describe, expect, it } from "vitest";
import { deliveryFailed, feed, receive, requestAcks, setMaster, snapshotPage, tick } from "../../../src/replication";
import { DataNode, Net, only, sent, T0, TestNode } from "./helpers";

/** m answered r's PSYNC with +FULLRESYNC; r has not asked for pages yet. */
function fullSyncStarted(): { m: TestNode; replid: string } {
  const m = new TestNode("m");
  m.receive({ type: "psync", from: "r", replid: "?", offset: -1, port: 1, attempt: 1 });
  return { m, replid: m.st.replid };
}

describe("full sync, master side", () => {
  it("a page request becomes a send-snapshot-page effect, and the shell's page a message", () => {
    const { m, replid } = fullSyncStarted();
    const req = m.receive({ type: "snapshot-request", from: "r", replid, offset: 0, page: 0 });
    expect(req.effects).toEqual([{ kind: "send-snapshot-page", replica: "r", offset: 0, page: 0 }]);
    const out = snapshotPage(m.st, "r", 0, { page: 0, last: false, data: "p0", totalBytes: 4 }, m.env);
    expect(only(out, "snapshot", "r")).toEqual({
      type: "snapshot", from: "m", replid, offset: 0, page: 0, last: false, data: "p0", totalBytes: 4,
    });
    expect(m.st.replicas[0]).toMatchObject({ state: "send_bulk", pagesSent: 1, bulkDone: false });
  });

  it("tells a replica asking for a page of a sync it does not know (it restarted) to start over", () => {
    // Found by the soak (seed 515150257): a master that crashed mid-sync ignored the page requests,
    // and its replica waited repl-timeout (60 s) before it tried again.
    const m = new TestNode("m");
    const out = m.receive({ type: "snapshot-request", from: "r", replid: m.st.replid, offset: 0, page: 3 });
    expect(only(out, "disconnect", "r")).toMatchObject({ side: "master" });
    const r = new TestNode("r");
    setMaster(r.st, { name: "m", port: 6379 }, r.env);
    r.st.link!.state = "sync";
    expect(only(r.receive(only(out, "disconnect", "r")), "psync", "m")).toMatchObject({ type: "psync" });
  });

  it("serves a page again when asked again (it was lost), but not a page ahead of the transfer", () => {
    const { m, replid } = fullSyncStarted();
    snapshotPage(m.st, "r", 0, { page: 0, last: false, data: "p0" }, m.env);
    expect(m.receive({ type: "snapshot-request", from: "r", replid, offset: 0, page: 0 }).effects).toHaveLength(1);
    expect(m.receive({ type: "snapshot-request", from: "r", replid, offset: 0, page: 2 }).effects).toEqual([]);
    expect(m.receive({ type: "snapshot-request", from: "r", replid, offset: 7, page: 0 }).effects).toEqual([]);
  });

  it("goes online at the first ACK covering the snapshot, then streams what was written meanwhile", () => {
    const { m, replid } = fullSyncStarted();
    snapshotPage(m.st, "r", 0, { page: 0, last: true, data: "" }, m.env);
    feed(m.st, [["SET", "a", "1"]], m.env);
    expect(sent(feed(m.st, [["SET", "b", "2"]], m.env))).toEqual([]); // not online yet: nothing streamed
    const out = m.receive({ type: "ack", from: "r", offset: 0 });
    expect(m.st.replicas[0]!.state).toBe("online");
    expect(out.effects).toEqual([{ kind: "release-snapshot", replica: "r", offset: 0 }]);
    expect(only(out, "stream", "r")).toMatchObject({ replid, startOffset: 1, bytes: "*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\n*3\r\n$3\r\nSET\r\n$1\r\nb\r\n$1\r\n2\r\n" });
  });

  it("drops a replica whose full sync outlived the backlog", () => {
    const { m } = fullSyncStarted();
    m.config.backlogSizeBytes = 30;
    snapshotPage(m.st, "r", 0, { page: 0, last: true, data: "" }, m.env);
    feed(m.st, [["SET", "a", "1"], ["SET", "b", "2"]], m.env);
    const out = m.receive({ type: "ack", from: "r", offset: 0 });
    expect(m.st.replicas).toEqual([]);
    expect(only(out, "disconnect", "r").reason).toMatch(/Backlog overrun/);
  });

  it("drops a full sync nobody pulls for repl-timeout and releases its snapshot", () => {
    const { m } = fullSyncStarted();
    m.now = T0 + 61_000;
    const out = tick(m.st, m.env);
    expect(m.st.replicas).toEqual([]);
    expect(out.effects).toContainEqual({ kind: "release-snapshot", replica: "r", offset: 0 });
  });

  it("a replica asks for a page again after 5 s without it", () => {
    const r = new TestNode("r");
    const psync = only(setMaster(r.st, { name: "m", port: 1 }, r.env), "psync", "m");
    const first = r.receive({ type: "fullresync", from: "m", replid: "e".repeat(40), offset: 3, attempt: psync.attempt });
    expect(only(first, "snapshot-request", "m")).toMatchObject({ offset: 3, page: 0 });
    r.now = T0 + 4000;
    expect(sent(tick(r.st, r.env))).toEqual([]);
    r.now = T0 + 5000;
    expect(only(tick(r.st, r.env), "snapshot-request", "m").page).toBe(0);
  });
});

describe("links", () => {
  it("a replica moving to another master closes its old link, and the old master forgets it", () => {
    const net = new Net();
    const m = new DataNode("m", 1);
    const n = new DataNode("n", 3);
    const r = new DataNode("r", 2);
    net.add(m, n, r);
    net.follow(r, m);
    expect(m.st.replicas).toHaveLength(1);
    net.follow(r, n);
    expect(m.st.replicas).toEqual([]);
    expect(n.st.replicas).toMatchObject([{ name: "r", state: "online" }]);
  });

  it("WAIT's GETACK goes to online replicas only", () => {
    const net = new Net();
    const m = new DataNode("m", 1);
    const r = new DataNode("r", 2);
    net.add(m, r);
    net.follow(r, m);
    m.receive({ type: "psync", from: "x", replid: "?", offset: -1, port: 1, attempt: 1 });
    expect(requestAcks(m.st, m.env).send.map((s) => [s.to, s.msg.type])).toEqual([["r", "getack"]]);
  });

  it("a replica does not originate stream data", () => {
    const r = new TestNode("r");
    setMaster(r.st, { name: "m", port: 1 }, r.env);
    expect(feed(r.st, [["SET", "a", "b"]], r.env).send).toEqual([]);
    expect(r.st.master_repl_offset).toBe(0);
  });

  it("a PSYNC that could not be delivered is retried at the next tick", () => {
    const r = new TestNode("r");
    const psync = only(setMaster(r.st, { name: "m", port: 1 }, r.env), "psync", "m");
    deliveryFailed(r.st, "m", psync, r.env);
    expect(r.st.link?.state).toBe("connect");
    expect(only(tick(r.st, r.env), "psync", "m").attempt).toBeGreaterThan(psync.attempt);
  });

  it("drops malformed messages and counts them", () => {
    const m = new TestNode("m");
    for (const bad of [null, 5, { type: "psync", from: "r" }, { type: "nope", from: "r" }, { type: "ack", offset: 1 }]) {
      const out = receive(m.st, bad, m.env);
      expect(out.events[0]).toMatch(/^dropped malformed replication message/);
      expect(out.send).toEqual([]);
    }
    expect(m.st.stats.dropped).toBe(5);
  });
});
