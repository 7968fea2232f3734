/** The replica side: PSYNC replies, the replid2 shift, full-sync loading, stream application. */
import { describe, expect, it } from "vitest";
import { encodeCommand, receive, setMaster } from "../../../src/replication";
import { DataNode, Net, only, T0, TestNode } from "./helpers";

const NEW = "e".repeat(40);

/** m with replica r, fully synced over a perfect network, m holding k1..k3. */
function synced(): { net: Net; m: DataNode; r: DataNode } {
  const net = new Net();
  const m = new DataNode("m", 1);
  const r = new DataNode("r", 2);
  net.add(m, r);
  for (const k of ["k1", "k2", "k3"]) m.data.set(k, "v");
  net.follow(r, m);
  return { net, m, r };
}

/** r caches master m's history (replid, offset) and has just sent PSYNC. */
function handshaking(offset = 100): { r: TestNode; replid: string; attempt: number } {
  const r = new TestNode("r");
  r.st.master_repl_offset = offset;
  const out = setMaster(r.st, { name: "m", port: 6379 }, r.env);
  const psync = only(out, "psync", "m");
  return { r, replid: psync.replid, attempt: psync.attempt };
}

describe("choosing a master", () => {
  it("a master turning replica PSYNCs with its own history (replicationCacheMasterUsingMyself)", () => {
    const r = new TestNode("r");
    r.st.master_repl_offset = 42;
    const out = setMaster(r.st, { name: "m", port: 7000 }, r.env);
    expect(only(out, "psync", "m")).toMatchObject({ replid: r.st.replid, offset: 43, port: 6379 });
    expect(r.st.link).toMatchObject({ name: "m", port: 7000, state: "handshake" });
    expect(out.changed).toBe(true);
  });

  it("promotion shifts the history into replid2, valid up to master_repl_offset + 1", () => {
    const { m, r } = synced();
    const inherited = r.st.replid;
    const out = setMaster(r.st, null, r.env);
    expect(r.st.link).toBeNull();
    expect(r.st.replid2).toBe(inherited);
    expect(r.st.second_replid_offset).toBe(m.st.master_repl_offset + 1);
    expect(r.st.replid).not.toBe(inherited);
    expect(out.events).toContain("MASTER MODE enabled");
  });

  it("following the same master again changes nothing", () => {
    const { r } = synced();
    const out = setMaster(r.st, { name: "m", port: 6380 }, r.env);
    expect(out.send).toEqual([]);
    expect(r.st.link).toMatchObject({ state: "connected", port: 6380 });
  });
});

describe("+CONTINUE", () => {
  it("with the same replid resumes and applies the bytes it carries", () => {
    const { r, replid, attempt } = handshaking();
    const bytes = encodeCommand(["SET", "a", "1"]);
    const out = r.receive({ type: "continue", from: "m", replid, offset: 101, bytes, attempt });
    expect(r.st.link).toMatchObject({ state: "connected", reploff: 100 + bytes.length });
    expect(r.st.replid).toBe(replid);
    expect(out.effects).toEqual([{ kind: "apply", commands: [["SET", "a", "1"]] }]);
  });

  it("with a new replid shifts the old one into replid2 at offset + 1 and drops sub-replicas", () => {
    const { r, replid, attempt } = handshaking(100);
    r.st.replicas.push({ name: "sub", port: 1, state: "online", ackOffset: 100, lastAckTime: T0, lastInteraction: T0, snapshotOffset: -1, pagesSent: 0, bulkDone: false });
    const out = r.receive({ type: "continue", from: "m", replid: NEW, offset: 101, bytes: "", attempt });
    expect(r.st.replid).toBe(NEW);
    expect(r.st.replid2).toBe(replid);
    expect(r.st.second_replid_offset).toBe(101);
    expect(r.st.link?.masterReplid).toBe(NEW);
    expect(r.st.replicas).toEqual([]);
    expect(only(out, "disconnect", "sub").reason).toMatch(/replication ID changed/);
  });

  it("a reply to an older attempt is ignored", () => {
    const { r, replid, attempt } = handshaking();
    r.receive({ type: "continue", from: "m", replid, offset: 101, bytes: "", attempt: attempt - 1 });
    expect(r.st.link?.state).toBe("handshake");
    expect(r.st.stats.dropped).toBe(1);
  });

  it("a reply from a node that is not my master is ignored", () => {
    const { r, replid, attempt } = handshaking();
    r.receive({ type: "continue", from: "x", replid, offset: 101, bytes: "", attempt });
    expect(r.st.link?.state).toBe("handshake");
  });
});

describe("full resync", () => {
  it("loads the snapshot page by page, then adopts the master's id and offset and acks", () => {
    const { m, r } = synced();
    expect([...r.data.entries()]).toEqual([["k1", "v"], ["k2", "v"], ["k3", "v"]]);
    expect(r.st.replid).toBe(m.st.replid);
    expect(r.st.master_repl_offset).toBe(m.st.master_repl_offset);
    expect(r.st.replid2).toBe("0".repeat(40));
    expect(r.st.second_replid_offset).toBe(-1);
    expect(r.st.backlog).toEqual({ histlen: 0, offset: m.st.master_repl_offset + 1 });
    expect(m.st.replicas).toMatchObject([{ name: "r", state: "online", ackOffset: 0 }]);
  });

  it("ignores pages out of order, and a lost page stalls the sync", () => {
    const { r, attempt } = handshaking();
    r.receive({ type: "fullresync", from: "m", replid: NEW, offset: 500, attempt });
    const page = { type: "snapshot" as const, from: "m", replid: NEW, offset: 500, last: false, data: "[]", totalBytes: 0 };
    expect(r.receive({ ...page, page: 1 }).effects).toEqual([]);
    expect(r.receive({ ...page, page: 0 }).effects).toEqual([{ kind: "flush-all" }, { kind: "load-snapshot", page: 0, data: "[]" }]);
    expect(r.receive({ ...page, page: 0 }).effects).toEqual([]);
    expect(r.st.link).toMatchObject({ state: "sync", sync: { nextPage: 1 } });
  });

  it("after a sync broke off mid-load, asks `PSYNC ? -1`", () => {
    const { r, attempt } = handshaking();
    r.receive({ type: "fullresync", from: "m", replid: NEW, offset: 500, attempt });
    r.receive({ type: "snapshot", from: "m", replid: NEW, offset: 500, page: 0, last: false, data: "[]", totalBytes: 0 });
    const out = r.receive({ type: "disconnect", from: "m", side: "master", reason: "x" });
    expect(only(out, "psync", "m")).toMatchObject({ replid: "?", offset: -1 });
  });
});

describe("a disconnect names the side of the link it closes", () => {
  // Found by the runtime simulator (soak seed 77463920): after a failover the old master, restarted,
  // answered its old replica's ACK with "not a replica of this node" while it was already that
  // node's replica in a full sync; read as "my replica left", it cut its own sync for repl-timeout.
  it("a master's disconnect never drops the sender from my replicas", () => {
    const { m, r } = synced();
    expect(m.st.replicas.map((x) => x.name)).toEqual(["r"]);
    m.receive({ type: "disconnect", from: "r", side: "master", reason: "not a replica of this node" });
    expect(m.st.replicas.map((x) => x.name)).toEqual(["r"]);
    expect(r.st.link?.state).toBe("connected");
  });

  it("a replica's disconnect drops it; my own link is left alone", () => {
    const { m, r } = synced();
    m.receive({ type: "disconnect", from: "r", side: "replica", reason: "Replica promoted to master" });
    expect(m.st.replicas).toEqual([]);
    r.receive({ type: "disconnect", from: "m", side: "replica", reason: "x" });
    expect(r.st.link?.state).toBe("connected");
  });
});

describe("the stream", () => {
  it("applies a batch that starts at offset + 1 and proxies it to its own backlog", () => {
    const { net, m, r } = synced();
    net.run(m, m.write("SET", "a", "1"));
    expect(r.data.get("a")).toBe("1");
    expect(r.st.link?.reploff).toBe(m.st.master_repl_offset);
    expect(r.st.master_repl_offset).toBe(m.st.master_repl_offset);
    expect(r.backlog.read(r.st.backlog!.offset, 1000)).toBe(encodeCommand(["SET", "a", "1"]));
  });

  it("ignores a duplicate batch and applies only the new part of an overlapping one", () => {
    const { net, m, r } = synced();
    const out = m.write("SET", "a", "1");
    net.run(m, out);
    const batch = only(out, "stream", "r");
    expect(r.receive(batch).effects).toEqual([]);
    const next = encodeCommand(["SET", "b", "2"]);
    const overlap = { ...batch, bytes: batch.bytes + next };
    expect(r.receive(overlap).effects).toEqual([{ kind: "apply", commands: [["SET", "b", "2"]] }]);
  });

  it("on a gap, asks PSYNC from the first byte it lacks", () => {
    const { m, r } = synced();
    const lost = m.write("SET", "a", "1");
    const next = only(m.write("SET", "b", "2"), "stream", "r");
    const out = r.receive(next);
    expect(out.effects).toEqual([]);
    expect(only(out, "psync", "m")).toMatchObject({ replid: m.st.replid, offset: only(lost, "stream", "r").startOffset });
    expect(r.st.link?.state).toBe("handshake");
  });

  it("keeps a cut command until the rest arrives (read vs processed offsets)", () => {
    const { r, replid, attempt } = handshaking(0);
    r.receive({ type: "continue", from: "m", replid, offset: 1, bytes: "", attempt });
    const cmd = encodeCommand(["SET", "a", "1"]);
    const first = r.receive({ type: "stream", from: "m", replid, startOffset: 1, bytes: cmd.slice(0, 10) });
    expect(first.effects).toEqual([]);
    expect(r.st.link).toMatchObject({ readReploff: 10, reploff: 0 });
    const rest = r.receive({ type: "stream", from: "m", replid, startOffset: 11, bytes: cmd.slice(10) });
    expect(rest.effects).toEqual([{ kind: "apply", commands: [["SET", "a", "1"]] }]);
    expect(r.st.link).toMatchObject({ readReploff: cmd.length, reploff: cmd.length });
  });

  it("counts a PING's bytes without applying it", () => {
    const { r, replid, attempt } = handshaking(0);
    const ping = encodeCommand(["PING"]);
    const out = r.receive({ type: "continue", from: "m", replid, offset: 1, bytes: ping, attempt });
    expect(out.effects).toEqual([]);
    expect(r.st.link?.reploff).toBe(14);
  });

  it("a stream with another replid means the history changed: resynchronize", () => {
    const { m, r } = synced();
    const out = r.receive({ type: "stream", from: "m", replid: NEW, startOffset: m.st.master_repl_offset + 1, bytes: "*1\r\n$4\r\nPING\r\n" });
    expect(only(out, "psync", "m").replid).toBe(m.st.replid);
  });

  it("a protocol error drops the unapplied bytes and PSYNCs from the last whole command", () => {
    const { r, replid, attempt } = handshaking(0);
    r.receive({ type: "continue", from: "m", replid, offset: 1, bytes: "", attempt });
    const out = r.receive({ type: "stream", from: "m", replid, startOffset: 1, bytes: "+garbage\r\n" });
    expect(only(out, "psync", "m").offset).toBe(1);
    expect(r.st.link).toMatchObject({ pending: "", readReploff: 0 });
  });

  it("answers GETACK with its processed offset", () => {
    const { m, r } = synced();
    const out = receive(r.st, { type: "getack", from: "m" }, r.env);
    expect(only(out, "ack", "m").offset).toBe(m.st.master_repl_offset);
  });
});
