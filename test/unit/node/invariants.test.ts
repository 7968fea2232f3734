import { describe, expect, it } from "vitest";
import { createState as createClusterState } from "../../../src/cluster/state";
import { createBacklogMeta, feed, createState, type ReplConfig } from "../../../src/replication";
import { REPLICATION_SCHEMA, SqlBacklog } from "../../../src/node/replication-store";
import { nodeInvariantProblem } from "../../../src/node/invariants";
import { MemorySql } from "../../sim/sql-port";

const NOW = 1_700_000_000_000;
const config: ReplConfig = {
  backlogSizeBytes: 1 << 20, backlogTtlSec: 3600, pingReplicaPeriodSec: 10, timeoutSec: 60, minReplicasToWrite: 0,
  minReplicasMaxLagSec: 10, replicaPriority: 100, cronMs: 1000,
};

/** A master whose backlog holds some writes, over real SQLite rows. */
function masterWithBacklog() {
  const sql = new MemorySql();
  sql.exec(REPLICATION_SCHEMA);
  const backlog = new SqlBacklog(sql);
  const repl = createState("n0", NOW, () => 0.5);
  repl.backlog = createBacklogMeta(repl.master_repl_offset);
  feed(repl, [["SET", "a", "1"], ["SET", "b", "2"]], { now: NOW, rand: () => 0.5, config, backlog });
  const cluster = createClusterState({ name: "n0" }, { now: NOW, rand: () => 0.5 });
  return { sql, backlog, repl, cluster };
}

describe("nodeInvariantProblem (asserted by the node every cron tick)", () => {
  it("holds while the backlog's rows match what the core vouches for", () => {
    const { backlog, repl, cluster } = masterWithBacklog();
    expect(repl.master_repl_offset).toBeGreaterThan(0);
    expect(nodeInvariantProblem(cluster, repl, backlog)).toBeNull();
  });

  it("finds backlog rows lost behind the core's back", () => {
    const { sql, backlog, repl, cluster } = masterWithBacklog();
    sql.exec("DELETE FROM backlog");
    expect(nodeInvariantProblem(cluster, repl, backlog)).toMatch(/backlog: rows hold nothing/);
  });

  it("finds an offset the backlog does not end at", () => {
    const { backlog, repl, cluster } = masterWithBacklog();
    repl.master_repl_offset += 5;
    expect(nodeInvariantProblem(cluster, repl, backlog)).toMatch(/backlog: ends at/);
  });
});
