/**
 * A shard channel's subscriber across a failover: subscriptions live in the pubsub hubs, not on
 * the node that owned the slot, so the subscriber keeps receiving what the promoted replica's
 * SPUBLISH sends, and the old master, once it has learned, answers MOVED.
 */
import { describe, expect, it } from "vitest";
import { keyHashSlot } from "../../src/commands/slot";
import { until } from "./cluster-helpers";
import { at, masterWithPeers, nodeId, untilSynced } from "./replication-helpers";
import { connect, gateway } from "./ws-client";

const [M, R] = ["psf-m", "psf-r"];
const gw = gateway();
const spublish = async (node: string, ch: string, msg: string): Promise<unknown> => {
  const res = await gw.fetch(new Request(`http://gw/node/${node}`, { method: "POST", headers: { Authorization: "Bearer test-admin" }, body: JSON.stringify(["SPUBLISH", ch, msg]) }));
  return res.json();
};
const bulk = (s: string): string => `$${s.length}\r\n${s}\r\n`;

describe("shard channels across a failover", { timeout: 60_000 }, () => {
  it("keeps delivering to an SSUBSCRIBEd connection after the replica takes over the slot", async () => {
    await masterWithPeers(M, [R]);
    expect(await at(R, "CLUSTER", "REPLICATE", await nodeId(M))).toBe("OK");
    await at(M, "SET", "{f}seed", "1");
    await untilSynced(M, [R]);

    const ch = "{f}orders";
    const s = await connect(`/node/${M}/ws?_token=test-admin`);
    s.cmd("SSUBSCRIBE", ch);
    await s.expect(`*3\r\n${bulk("ssubscribe")}${bulk(ch)}:1\r\n`);
    expect(await spublish(M, ch, "before")).toEqual({ result: 1 });
    await s.expect(`*3\r\n${bulk("smessage")}${bulk(ch)}${bulk("before")}`);
    expect(await spublish(R, ch, "x")).toEqual({ error: expect.stringMatching(new RegExp(`^MOVED ${keyHashSlot(ch)} ${M}:`)) as unknown });

    expect(await at(R, "CLUSTER", "FAILOVER", "TAKEOVER")).toBe("OK");
    await until([M, R], async () => {
      const r = (await spublish(M, "{f}probe", "x")) as { error?: string };
      return r.error?.startsWith(`MOVED ${keyHashSlot(ch)} ${R}:`) === true;
    });
    expect(await spublish(R, ch, "after")).toEqual({ result: 1 });
    await s.expect(`*3\r\n${bulk("smessage")}${bulk(ch)}${bulk("after")}`);
  });
});
