/** INFO replication and ROLE as Redis 7.0 prints them, WAIT's count, min-replicas-to-write, persistence. */
import { describe, expect, it } from "vitest";
import {
  checkGoodReplicas, countAcksByOffset, CorruptReplicationStateError, deserialize, goodReplicasCount, infoReplication,
  roleReply, serialize, setMaster,
} from "../../../src/replication";
import { arr, bulk, int } from "../../../src/resp/reply";
import { synced, T0, TestNode } from "./helpers";

const lines = (text: string): string[] => text.split("\r\n");

describe("INFO replication", () => {
  it("a fresh master prints what redis-server 7.0 prints", () => {
    const m = new TestNode("m");
    expect(infoReplication(m.st, T0, m.config)).toBe([
      "# Replication",
      "role:master",
      "connected_slaves:0",
      "master_failover_state:no-failover",
      `master_replid:${m.st.replid}`,
      "master_replid2:0000000000000000000000000000000000000000",
      "master_repl_offset:0",
      "second_repl_offset:-1",
      "repl_backlog_active:0",
      "repl_backlog_size:1048576",
      "repl_backlog_first_byte_offset:0",
      "repl_backlog_histlen:0",
      "",
    ].join("\r\n"));
  });

  it("a replica whose link is not up yet shows the cached offsets and the down fields", () => {
    const r = new TestNode("r");
    setMaster(r.st, { name: "m", port: 6399 }, r.env);
    expect(lines(infoReplication(r.st, T0, r.config)).slice(1, 14)).toEqual([
      "role:slave",
      "master_host:m",
      "master_port:6399",
      "master_link_status:down",
      "master_last_io_seconds_ago:-1",
      "master_sync_in_progress:0",
      "slave_read_repl_offset:0",
      "slave_repl_offset:0",
      "master_link_down_since_seconds:-1",
      "slave_priority:100",
      "slave_read_only:1",
      "replica_announced:1",
      "connected_slaves:0",
    ]);
  });

  it("a connected replica and its master", () => {
    const { net, m, r } = synced();
    net.run(m, m.write("SET", "a", "b"));
    net.now = T0 + 8000;
    const ri = lines(infoReplication(r.st, r.now, r.config));
    expect(ri.slice(3, 9)).toEqual([
      "master_port:6379", "master_link_status:up", "master_last_io_seconds_ago:8", "master_sync_in_progress:0",
      "slave_read_repl_offset:27", "slave_repl_offset:27",
    ]);
    expect(ri).toContain(`master_replid:${m.st.replid}`);
    expect(ri).toContain("repl_backlog_first_byte_offset:1");
    expect(ri).toContain("repl_backlog_histlen:27");
    const mi = lines(infoReplication(m.st, m.now, m.config));
    expect(mi.slice(1, 4)).toEqual(["role:master", "connected_slaves:1", "slave0:ip=r,port=6379,state=online,offset=0,lag=8"]);
  });

  it("shows the full-sync progress while loading", () => {
    const r = new TestNode("r");
    const attempt = (setMaster(r.st, { name: "m", port: 1 }, r.env).send[0]!.msg as { attempt: number }).attempt;
    r.receive({ type: "fullresync", from: "m", replid: "e".repeat(40), offset: 9, attempt });
    r.receive({ type: "snapshot", from: "m", replid: "e".repeat(40), offset: 9, page: 0, last: false, data: "x".repeat(25), totalBytes: 100 });
    const info = lines(infoReplication(r.st, T0 + 3000, r.config));
    expect(info.slice(5, 16)).toEqual([
      "master_last_io_seconds_ago:-1", "master_sync_in_progress:1", "slave_read_repl_offset:1", "slave_repl_offset:1",
      "master_sync_total_bytes:100", "master_sync_read_bytes:25", "master_sync_left_bytes:75", "master_sync_perc:25.00",
      "master_sync_last_io_seconds_ago:3", "master_link_down_since_seconds:-1", "slave_priority:100",
    ]);
  });

  it("shows min_slaves_good_slaves when min-replicas-to-write is on", () => {
    const { m } = synced();
    m.config.minReplicasToWrite = 1;
    expect(lines(infoReplication(m.st, T0, m.config))[3]).toBe("min_slaves_good_slaves:1");
  });
});

describe("ROLE", () => {
  it("a master lists its online replicas as [ip, port, offset] bulk strings", () => {
    const { m } = synced();
    expect(roleReply(m.st)).toEqual(arr([bulk("master"), int(0), arr([arr([bulk("r"), bulk("6379"), bulk("0")])])]));
  });

  it("a replica shows its master, link state and processed offset (-1 while not connected)", () => {
    const { net, m, r } = synced();
    net.run(m, m.write("SET", "a", "b"));
    expect(roleReply(r.st)).toEqual(arr([bulk("slave"), bulk("m"), int(6379), bulk("connected"), int(27)]));
    const t = new TestNode("t");
    setMaster(t.st, { name: "m", port: 6379 }, t.env);
    expect(roleReply(t.st)).toEqual(arr([bulk("slave"), bulk("m"), int(6379), bulk("handshake"), int(-1)]));
  });
});

describe("WAIT and min-replicas-to-write", () => {
  it("counts online replicas that acknowledged an offset", () => {
    const { net, m, r } = synced();
    net.run(m, m.write("SET", "a", "b"));
    expect(countAcksByOffset(m.st, 27)).toBe(0);
    net.now = T0 + 1000;
    net.tick(r);
    expect(countAcksByOffset(m.st, 27)).toBe(1);
    expect(countAcksByOffset(m.st, 28)).toBe(0);
  });

  it("refuses writes with NOREPLICAS when too few replicas acked within min-replicas-max-lag", () => {
    const { m } = synced();
    m.config.minReplicasToWrite = 1;
    expect(checkGoodReplicas(m.st, T0 + 10_000, m.config)).toBeNull();
    expect(goodReplicasCount(m.st, T0 + 11_000, m.config)).toBe(0);
    expect(checkGoodReplicas(m.st, T0 + 11_000, m.config)).toEqual({ t: "error", v: "NOREPLICAS Not enough good replicas to write." });
    m.config.minReplicasMaxLagSec = 0;
    expect(checkGoodReplicas(m.st, T0 + 11_000, m.config)).toBeNull();
  });
});

describe("persistence", () => {
  it("keeps ids, offsets, the backlog and the master to follow; a replica restarts in connect", () => {
    const { net, m, r } = synced();
    net.run(m, m.write("SET", "a", "b"));
    const back = deserialize(serialize(r.st), "r", T0 + 5, () => 0.5);
    expect(back).toMatchObject({
      name: "r", replid: r.st.replid, replid2: r.st.replid2, master_repl_offset: 27, backlog: r.st.backlog,
      replicas: [], noReplicasSince: T0 + 5,
    });
    expect(back.link).toMatchObject({ name: "m", state: "connect", masterReplid: m.st.replid, reploff: 27, readReploff: 27 });
  });

  it("rejects a damaged state", () => {
    const m = new TestNode("m");
    const text = serialize(m.st).replace(/"master_repl_offset":0/, '"master_repl_offset":"x"');
    expect(() => deserialize(text, "m", T0, () => 0.5)).toThrow(CorruptReplicationStateError);
    expect(() => deserialize("{", "m", T0, () => 0.5)).toThrow(CorruptReplicationStateError);
  });
});
