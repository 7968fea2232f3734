/**
 * The billed-invocation counters of a node (INFO stats do_alarms, do_rpc_calls, do_sql_rows_*),
 * counted by the Durable Object adapter (src/node/node.ts, do-meter.ts) and read by scripts/cost.ts.
 */
import { describe, expect, it } from "vitest";
import { runDurableObjectAlarm } from "cloudflare:test";
import { node, stubOf } from "./helpers";

async function stats(name: string): Promise<Record<string, number>> {
  const [r] = await node(name).execute([["INFO", "stats"]], { resp: 2, admin: true });
  const text = r!.t === "bulk" || r!.t === "verbatim" ? r!.v : "";
  return Object.fromEntries(text.split("\r\n").filter((l) => l.startsWith("do_")).map((l) => [l.split(":")[0]!, Number(l.split(":")[1])]));
}

describe("invocation counters", () => {
  it("counts every RPC call received, each call once whatever it carries", async () => {
    const before = await stats("ic-rpc");
    await node("ic-rpc").execute([["SET", "a", "1"], ["SET", "b", "2"], ["GET", "a"]], { resp: 2 });
    await node("ic-rpc").execute([["PING"]], { resp: 2 });
    await node("ic-rpc").watch(["a"]);
    const after = await stats("ic-rpc");
    // Three calls, then the INFO call that reads the counters.
    expect(after.do_rpc_calls! - before.do_rpc_calls!).toBe(4);
  });

  it("counts alarms run", async () => {
    const before = await stats("ic-alarm");
    expect(await runDurableObjectAlarm(stubOf("ic-alarm"))).toBe(true);
    const after = await stats("ic-alarm");
    expect(after.do_alarms! - before.do_alarms!).toBe(1);
  });

  it("counts SQLite rows written by a write and read by a read", async () => {
    await stats("ic-rows");
    const a = await stats("ic-rows");
    await node("ic-rows").execute([["SET", "k", "v"]], { resp: 2 });
    const b = await stats("ic-rows");
    await node("ic-rows").execute([["GET", "k"]], { resp: 2 });
    const c = await stats("ic-rows");
    expect(b.do_sql_rows_written! - a.do_sql_rows_written!).toBeGreaterThan(0);
    expect(c.do_sql_rows_read! - b.do_sql_rows_read!).toBeGreaterThan(0);
    console.log(`SET: ${b.do_sql_rows_written! - a.do_sql_rows_written!} rows written, GET: ${c.do_sql_rows_read! - b.do_sql_rows_read!} rows read, ${c.do_sql_rows_written! - b.do_sql_rows_written!} written (INFO calls included)`);
  });
});
