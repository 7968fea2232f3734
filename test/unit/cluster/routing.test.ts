/** Routing decisions: serve, MOVED, ASK, TRYAGAIN, CLUSTERDOWN (getNodeByQuery). */
import { describe, expect, it } from "vitest";
import { clusterCommand, route, slotIsOpen } from "../../../src/cluster";
import { cluster, envOf, idOf, keyspace } from "./helpers";

const read = { write: false, keysMissing: () => 0, keysTotal: 1 };
const write = { write: true, keysMissing: () => 0, keysTotal: 1 };
const err = (v: string) => ({ t: "error", v });

describe("route", async () => {
  const sim = await cluster();
  const env = envOf(sim);
  const n0 = sim.state("n0");
  const n1 = sim.state("n1");
  const n3 = sim.state("n3"); // replica of n0

  it("serves keyless commands and own slots", () => {
    expect(route(n0, null, write, {})).toBeNull();
    expect(route(n0, 0, write, {})).toBeNull();
  });

  it("MOVED to the owner's endpoint and port", () => {
    expect(route(n0, 12182, read, {})).toEqual(err("MOVED 12182 n2:6379"));
  });

  it("replicas serve reads of their master's slots after READONLY", () => {
    expect(route(n3, 0, read, { readonly: true })).toBeNull();
    expect(route(n3, 0, read, {})).toEqual(err("MOVED 0 n0:6379"));
    expect(route(n3, 0, write, { readonly: true })).toEqual(err("MOVED 0 n0:6379"));
    expect(route(n3, 6000, read, { readonly: true })).toEqual(err("MOVED 6000 n1:6379"));
  });

  it("a MIGRATING source: ASK when all keys are gone, TRYAGAIN when some are", () => {
    clusterCommand(n0, ["cluster", "setslot", "5", "migrating", idOf(sim, "n1")], env, keyspace());
    expect(slotIsOpen(n0, 5)).toBe(true);
    expect(route(n0, 5, { write: true, keysMissing: () => 0, keysTotal: 2 }, {})).toBeNull();
    expect(route(n0, 5, { write: true, keysMissing: () => 1, keysTotal: 1 }, {})).toEqual(err("ASK 5 n1:6379"));
    expect(route(n0, 5, { write: true, keysMissing: () => 1, keysTotal: 2 }, {})).toEqual(err("TRYAGAIN Multiple keys request during rehashing of slot"));
  });

  it("an IMPORTING target serves only ASKING clients, multi-key only when complete", () => {
    clusterCommand(n1, ["cluster", "setslot", "5", "importing", idOf(sim, "n0")], env, keyspace());
    expect(slotIsOpen(n1, 5)).toBe(true);
    expect(route(n1, 5, { write: true, keysMissing: () => 1, keysTotal: 1 }, {})).toEqual(err("MOVED 5 n0:6379"));
    expect(route(n1, 5, { write: true, keysMissing: () => 1, keysTotal: 1 }, { asking: true })).toBeNull();
    expect(route(n1, 5, { write: true, keysMissing: () => 1, keysTotal: 2 }, { asking: true })).toEqual(
      err("TRYAGAIN Multiple keys request during rehashing of slot"),
    );
    expect(route(n1, 5, { write: true, keysMissing: () => 0, keysTotal: 2 }, { asking: true })).toBeNull();
  });

  it("CLUSTERDOWN when the slot is unbound or the cluster is down", () => {
    clusterCommand(n0, ["cluster", "delslots", "1"], env, keyspace());
    expect(route(n0, 1, read, {})).toEqual(err("CLUSTERDOWN Hash slot not served"));
    n0.state = "fail";
    expect(route(n0, 0, read, {})).toEqual(err("CLUSTERDOWN The cluster is down"));
    expect(route(n0, 0, read, {}, { allowReadsWhenDown: true })).toBeNull();
    expect(route(n0, 0, write, {}, { allowReadsWhenDown: true })).toEqual(err("CLUSTERDOWN The cluster is down and only accepts read commands"));
    n0.state = "ok";
  });
});
