/** How many replicas the autoscaler gives a master it adds, and reading them from CLUSTER NODES. */
import { describe, expect, it } from "vitest";
import { parseReplicas, replicaNames, replicasForNewMaster } from "../../../src/autoscale/replicas";
import { autoscaleConfig } from "../../../src/autoscale/policy";

const NODES = [
  "aaa node-0:6379@16379 myself,master - 0 0 1 connected 0-5460",
  "bbb node-1:6379@16379 master - 0 0 2 connected 5461-10922",
  "ccc node-2:6379@16379 master - 0 0 3 connected 10923-16383",
  "ddd r-0:6379@16379 slave aaa 0 0 1 connected",
  "eee r-1:6379@16379 slave bbb 0 0 2 connected",
  "fff r-1b:6379@16379 slave,fail bbb 0 0 2 disconnected",
].join("\n");

describe("replicas of autoscaled masters", () => {
  it("reads each replica's name and master from CLUSTER NODES, failed ones too", () => {
    expect(parseReplicas(NODES)).toEqual([
      { name: "r-0", masterId: "aaa" }, { name: "r-1", masterId: "bbb" }, { name: "r-1b", masterId: "bbb" },
    ]);
  });

  it("gives a new master as many replicas as most masters have, the larger count on a tie", () => {
    const replicas = parseReplicas(NODES);
    // aaa 1, bbb 2, ccc 0: a three-way tie, the larger wins.
    expect(replicasForNewMaster(null, ["aaa", "bbb", "ccc"], replicas)).toBe(2);
    expect(replicasForNewMaster(null, ["aaa", "ccc", "ggg"], replicas)).toBe(0);
    expect(replicasForNewMaster(null, ["aaa", "bbb", "ccc"], replicas.slice(0, 2))).toBe(1);
  });

  it("takes AUTOSCALE_REPLICAS when it is set", () => {
    expect(replicasForNewMaster(0, ["aaa", "bbb"], parseReplicas(NODES))).toBe(0);
    expect(replicasForNewMaster(3, ["ccc"], [])).toBe(3);
  });

  it("reads AUTOSCALE_REPLICAS from the Worker's vars (unset: as the cluster)", () => {
    expect(autoscaleConfig({}).replicas).toBeNull();
    expect(autoscaleConfig({ AUTOSCALE_REPLICAS: "2" }).replicas).toBe(2);
    expect(autoscaleConfig({ AUTOSCALE_REPLICAS: "x" }).replicas).toBe(0);
  });

  it("names the replicas after their master", () => {
    expect(replicaNames("node-4", 2)).toEqual(["node-4-r1", "node-4-r2"]);
  });
});
