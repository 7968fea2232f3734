/**
 * The gateway router tries TRYAGAIN again (src/gateway/try-again.ts): inside a pipeline, a split
 * command and MULTI/EXEC, with a bounded doubling pause; direct mode (/node routes) returns it.
 */
import { describe, expect, it } from "vitest";
import type { BStr } from "../../src/resp/bytes";
import { arr, bulk, error, OK, type Reply } from "../../src/resp/reply";
import type { CommandSpec, ConnState } from "../../src/commands/types";
import type { NodeRpc } from "../../src/node-rpc";
import { Router } from "../../src/gateway/router";
import { SlotMap } from "../../src/gateway/slot-map";
import { TRYAGAIN_RETRIES } from "../../src/gateway/try-again";

const ADMIN: ConnState = { resp: 2, admin: true };
const TRYAGAIN = error("TRYAGAIN Multiple keys request during rehashing of slot");
const def = (name: string, arity: number, lastKey: number, step: number, flags: CommandSpec["flags"] = []): CommandSpec =>
  ({ name, arity, flags, firstKey: 1, lastKey, step, categories: [] });
const DEFS = new Map([def("get", 2, 1, 1), def("set", -3, 1, 1, ["write"]), def("mget", -2, -1, 1)].map((d) => [d.name, d]));

/** Node A (slots 0..8191) answers TRYAGAIN for `{b}` keys its first `busy` times; B serves everything. */
function setup(busy: number, fixedNode?: string) {
  let refusals = 0;
  const answer = (node: string, argv: BStr[]): Reply => {
    if (node === "A" && argv.slice(1).some((k) => k.startsWith("{b}")) && refusals < busy) {
      refusals++;
      return TRYAGAIN;
    }
    const name = argv[0]!.toLowerCase();
    return name === "set" ? OK : name === "mget" ? arr(argv.slice(1).map((k) => bulk(`${k}@${node}`))) : bulk(`${argv[1]}@${node}`);
  };
  const nodeOf = (name: string): NodeRpc => ({
    execute: async (cmds) => cmds.map((argv) => answer(name, argv)),
    transaction: async (cmds) => {
      const replies = cmds.map((argv) => answer(name, argv));
      // A node refuses a whole transaction with its routing refusal.
      return replies.find((r) => r.t === "error") ?? arr(replies);
    },
    watch: async () => ({ incarnation: name, seq: 1, keys: {} }),
    coordinate: async () => OK,
  });
  const map = new SlotMap(["A"]);
  map.assign(0, 8191, "A");
  map.assign(8192, 16383, "B");
  map.learned = true;
  return { router: new Router(map, nodeOf, { lookup: (n) => DEFS.get(n.toLowerCase()), fixedNode }), refusals: () => refusals };
}

describe("gateway: TRYAGAIN", () => {
  it("tries a pipeline's refused commands again, in a split MGET too", async () => {
    const t = setup(3);
    const replies = await t.router.execute([["SET", "{b}1", "x"], ["GET", "{a}1"], ["MGET", "{b}2", "{a}2"]], ADMIN);
    expect(replies).toEqual([OK, bulk("{a}1@B"), arr([bulk("{b}2@A"), bulk("{a}2@B")])]);
    expect(t.refusals()).toBe(3);
  });

  it("tries a MULTI/EXEC again", async () => {
    const t = setup(2);
    expect(await t.router.transaction([["SET", "{b}1", "x"], ["GET", "{b}1"]], ADMIN)).toEqual(arr([OK, bulk("{b}1@A")]));
  });

  it("gives up after a bounded number of tries, in about two seconds", async () => {
    const t = setup(1000);
    const started = Date.now();
    expect(await t.router.execute([["GET", "{b}1"]], ADMIN)).toEqual([TRYAGAIN]);
    expect(t.refusals()).toBe(TRYAGAIN_RETRIES + 1);
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it("returns TRYAGAIN in direct mode, as Redis Cluster does", async () => {
    const t = setup(1, "A");
    expect(await t.router.execute([["GET", "{b}1"]], ADMIN)).toEqual([TRYAGAIN]);
  });
});
