/** replicationCron: pings, acks, timeouts on both sides, the backlog TTL, reconnection. */
import { describe, expect, it } from "vitest";
import { encodeCommand, setMaster, tick } from "../../../src/replication";
import { only, sent, synced, T0, TestNode } from "./helpers";

describe("master cron", () => {
  it("PINGs replicas inside the stream every repl-ping-replica-period, moving the offset", () => {
    const { net, m, r } = synced();
    const before = m.st.master_repl_offset;
    const out = tick(m.st, m.env);
    expect(only(out, "stream", "r").bytes).toBe(encodeCommand(["PING"]));
    expect(m.st.master_repl_offset).toBe(before + 14);
    net.run(m, out);
    expect(r.st.link?.reploff).toBe(before + 14);
    net.now = T0 + 5000;
    expect(sent(tick(m.st, m.env))).toEqual([]);
    net.now = T0 + 10_000;
    expect(only(tick(m.st, m.env), "stream", "r").startOffset).toBe(before + 15);
  });

  it("does not PING without replicas", () => {
    const m = new TestNode("m");
    expect(tick(m.st, m.env).send).toEqual([]);
    expect(m.st.master_repl_offset).toBe(0);
  });

  it("drops a replica whose last ACK is more than repl-timeout seconds old", () => {
    const { net, m } = synced();
    net.now = T0 + 60_999;
    tick(m.st, m.env);
    expect(m.st.replicas).toHaveLength(1);
    net.now = T0 + 61_000;
    const out = tick(m.st, m.env);
    expect(m.st.replicas).toEqual([]);
    expect(only(out, "disconnect", "r").reason).toBe("Disconnecting timedout replica (streaming sync)");
    expect(m.st.noReplicasSince).toBe(T0 + 61_000);
  });

  it("answers an ACK from a replica it dropped with a disconnect, and the replica PSYNCs again", () => {
    const { net, m, r } = synced();
    m.st.replicas = [];
    net.now = T0 + 1000;
    net.run(r, tick(r.st, r.env)); // the ACK, the disconnect, the PSYNC, the +CONTINUE
    expect(m.st.replicas).toMatchObject([{ name: "r", state: "online" }]);
    expect(r.st.link?.state).toBe("connected");
    expect(m.st.stats.syncPartialOk).toBe(1);
  });

  it("frees the backlog after repl-backlog-ttl without replicas, with a new replid and no replid2", () => {
    const { net, m } = synced();
    m.st.replicas = [];
    m.st.noReplicasSince = T0;
    m.st.replid2 = "b".repeat(40);
    const id = m.st.replid;
    net.now = T0 + 3600_000;
    tick(m.st, m.env);
    expect(m.st.backlog).not.toBeNull();
    net.now = T0 + 3601_000;
    const out = tick(m.st, m.env);
    expect(m.st.backlog).toBeNull();
    expect(m.st.replid).not.toBe(id);
    expect(m.st.replid2).toBe("0".repeat(40));
    expect(m.st.second_replid_offset).toBe(-1);
    expect(out.events).toContain("Replication backlog freed after 3600 seconds without connected replicas.");
  });

  it("never frees the backlog with repl-backlog-ttl 0, nor on a replica", () => {
    const { net, m, r } = synced();
    m.st.replicas = [];
    m.config.backlogTtlSec = 0;
    net.now = T0 + 10_000_000;
    tick(m.st, m.env);
    expect(m.st.backlog).not.toBeNull();
    r.config.timeoutSec = 1e9;
    tick(r.st, r.env);
    expect(r.st.backlog).not.toBeNull();
  });
});

describe("replica cron", () => {
  it("ACKs its processed offset every second", () => {
    const { net, r } = synced();
    net.now = T0 + 400;
    expect(sent(tick(r.st, r.env))).toEqual([]);
    net.now = T0 + 1000;
    expect(only(tick(r.st, r.env), "ack", "m").offset).toBe(r.st.link!.reploff);
  });

  it("drops a master silent for repl-timeout and PSYNCs with its cached history", () => {
    const { net, m, r } = synced();
    net.now = T0 + 61_000;
    const out = tick(r.st, r.env);
    expect(out.events).toContain("MASTER timeout: no data nor PING received...");
    expect(only(out, "psync", "m")).toMatchObject({ replid: m.st.replid, offset: m.st.master_repl_offset + 1 });
    expect(r.st.link).toMatchObject({ state: "handshake", downSince: T0 + 61_000 });
  });

  it("retries a PSYNC whose reply did not come within 5 seconds", () => {
    const r = new TestNode("r");
    const first = only(setMaster(r.st, { name: "m", port: 6379 }, r.env), "psync", "m");
    r.now = T0 + 4999;
    expect(tick(r.st, r.env).send).toEqual([]);
    r.now = T0 + 5000;
    const again = only(tick(r.st, r.env), "psync", "m");
    expect(again.attempt).toBeGreaterThan(first.attempt);
  });

  it("gives up a full sync that stalls for repl-timeout and starts over", () => {
    const r = new TestNode("r");
    const psync = only(setMaster(r.st, { name: "m", port: 6379 }, r.env), "psync", "m");
    r.receive({ type: "fullresync", from: "m", replid: "e".repeat(40), offset: 9, attempt: psync.attempt });
    r.now = T0 + 61_000;
    const out = tick(r.st, r.env);
    expect(out.events[0]).toMatch(/^Timeout receiving bulk data from MASTER/);
    expect(only(out, "psync", "m").replid).toBe(psync.replid);
  });

  it("tries again on the next tick after -NOMASTERLINK", () => {
    const r = new TestNode("r");
    const psync = only(setMaster(r.st, { name: "m", port: 6379 }, r.env), "psync", "m");
    r.receive({ type: "psync-error", from: "m", text: "NOMASTERLINK Can't SYNC while not connected with my master", attempt: psync.attempt });
    expect(r.st.link?.state).toBe("connect");
    const out = tick(r.st, r.env);
    expect(only(out, "psync", "m")).toBeTruthy();
    expect(out.nextDeadlineMs).toBe(T0 + 5000);
  });

  it("reports the next ACK as its deadline", () => {
    const { r } = synced();
    expect(tick(r.st, r.env).nextDeadlineMs).toBe(T0 + 1000);
  });
});
