/** Parsing CLUSTER NODES for the operator CLI (scripts/lib/cluster-view.ts) and its arguments. */
import { describe, expect, it } from "vitest";
import { parseArgs } from "../../../scripts/lib/cli-args";
import { configSignature, parseClusterNodes, rangesText } from "../../../scripts/lib/cluster-view";

const A = "a".repeat(40);
const B = "b".repeat(40);
const TEXT = [
  `${A} node-0:6379@16379 myself,master - 0 0 1 connected 0-2 5 [6->-${B}] [9-<-${B}]`,
  `${B} node-1:6379@16379 slave ${A} 0 0 1 connected`,
].join("\n") + "\n";

describe("CLUSTER NODES parsing", () => {
  it("reads names, roles, slots and open slots", () => {
    const [me, replica] = parseClusterNodes(TEXT);
    expect(me).toMatchObject({ id: A, name: "node-0", port: 6379, masterId: null, slots: [0, 1, 2, 5] });
    expect([...me!.migrating]).toEqual([[6, B]]);
    expect([...me!.importing]).toEqual([[9, B]]);
    expect(replica).toMatchObject({ name: "node-1", masterId: A, slots: [] });
  });

  it("signs the slot owners the same whatever the line order", () => {
    const lines = parseClusterNodes(TEXT);
    expect(configSignature(lines)).toBe(configSignature([...lines].reverse()));
    expect(rangesText([0, 1, 2, 5, 7, 8])).toBe("0-2,5,7-8");
  });
});

describe("arguments", () => {
  it("reads options, repeated weights and flags", () => {
    const a = parseArgs(["rebalance", "--weight", "node-0=2", "node-1=1", "--use-empty-masters", "--threshold", "5", "--json"]);
    expect(a.lists.weight).toEqual(["node-0=2", "node-1=1"]);
    expect(a.flags.has("use-empty-masters")).toBe(true);
    expect(a.values.threshold).toBe("5");
  });

  it("passes call's words through, except the connection options", () => {
    const a = parseArgs(["call", "CONFIG", "SET", "x", "--y", "--url", "http://h", "--json"]);
    expect(a.positional).toEqual(["CONFIG", "SET", "x", "--y"]);
    expect(a.values.url).toBe("http://h");
    expect(a.flags.has("json")).toBe(true);
  });
});
