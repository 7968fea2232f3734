/** The cross-node coordinator as a pure state machine (src/txn/coordinator.ts). */
import { describe, expect, it } from "vitest";
import { error, NULL_ARRAY, OK } from "../../../src/resp/reply";
import { startTxn, step, type TxnEffect, type TxnPlan, type TxnState } from "../../../src/txn/coordinator";

const plan: TxnPlan = {
  txid: "t1", coordinator: "A", cmds: [["RENAME", "a", "b"]], multi: false,
  participants: [{ node: "A", keys: ["a"] }, { node: "B", keys: ["b"] }],
};
const sends = (fx: TxnEffect[]): string[] => fx.flatMap((e) => (e.t === "send" ? [`${e.msg.type}>${e.node}`] : []));
const image = (key: string, payload: string | null) => ({ key, payload, expiresAt: null });

function lockedBoth(): TxnState {
  let s = startTxn(plan).state;
  s = step(s, { t: "answer", node: "A", reply: { type: "locked", images: [image("a", "x")] } }).state;
  return s;
}

describe("cross-node coordinator", () => {
  it("locks participants one at a time in order, computes, records the decision before any commit, replies", () => {
    const start = startTxn(plan);
    expect(sends(start.effects)).toEqual(["lock>A"]);
    const a = step(start.state, { t: "answer", node: "A", reply: { type: "locked", images: [image("a", "x")] } });
    expect(sends(a.effects)).toEqual(["lock>B"]);
    const b = step(a.state, { t: "answer", node: "B", reply: { type: "locked", images: [image("b", null)] } });
    expect(b.effects).toEqual([{ t: "compute", images: [image("a", "x"), image("b", null)] }]);
    const writes = { A: [image("a", null)], B: [image("b", "x")] };
    const c = step(b.state, { t: "computed", reply: OK, writes });
    expect(c.effects.map((e) => e.t)).toEqual(["decide", "send", "send", "reply"]);
    expect(sends(c.effects)).toEqual(["commit>A", "commit>B"]);
    let s = step(c.state, { t: "answer", node: "B", reply: { type: "done" } }).state;
    const last = step(s, { t: "answer", node: "A", reply: { type: "done" } });
    expect(last.effects.map((e) => e.t)).toEqual(["acked", "forget"]);
    s = last.state;
    expect(s.phase).toBe("done");
  });

  it("aborts on a refusal: whoever may hold a lock is told to release, the client gets the refusal", () => {
    const r = step(lockedBoth(), { t: "answer", node: "B", reply: { type: "refused", reply: error("MOVED 1 C:6379") } });
    expect(sends(r.effects)).toEqual(["release>A", "release>B"]);
    expect(r.effects.at(-1)).toEqual({ t: "reply", reply: error("MOVED 1 C:6379") });
    const w = step(lockedBoth(), { t: "answer", node: "B", reply: { type: "watch-changed" } });
    expect(w.effects.at(-1)).toEqual({ t: "reply", reply: NULL_ARRAY });
  });

  it("presumes abort when a participant asks before the decision, and answers commit after it", () => {
    const asked = step(lockedBoth(), { t: "outcome", node: "A" });
    expect(asked.state.phase).toBe("aborting");
    expect(asked.effects.at(-1)).toEqual({ t: "outcome", reply: { type: "decided", commit: false, writes: [] } });
    // A late lock answer changes nothing once aborted.
    expect(step(asked.state, { t: "answer", node: "B", reply: { type: "locked", images: [] } }).effects).toEqual([]);
    let s = step(lockedBoth(), { t: "answer", node: "B", reply: { type: "locked", images: [] } }).state;
    s = step(s, { t: "computed", reply: OK, writes: { B: [image("b", "x")] } }).state;
    expect(step(s, { t: "outcome", node: "B" }).effects).toEqual([{ t: "outcome", reply: { type: "decided", commit: true, writes: [image("b", "x")] } }]);
  });
});
