import { describe, expect, it } from "vitest";
import { slotTableProblem } from "../../../src/cluster";
import { setBit } from "../../../src/cluster/bitmap";
import { addSlot, createState } from "../../../src/cluster/state";

function stateWithSlots(): ReturnType<typeof createState> {
  const st = createState({ name: "n0" }, { now: 1_700_000_000_000, rand: () => 0.5 });
  for (let j = 0; j < 100; j++) addSlot(st, st.myself, j);
  return st;
}

describe("slotTableProblem (the node asserts it every cron tick)", () => {
  it("holds for a table built through addSlot", () => {
    expect(slotTableProblem(stateWithSlots())).toBeNull();
  });

  it("finds a bit without its table entry", () => {
    const st = stateWithSlots();
    setBit(st.myself.slots, 7000);
    expect(slotTableProblem(st)).toMatch(/slot bits but owns/);
  });

  it("finds a table entry without its bit, and a wrong count", () => {
    const st = stateWithSlots();
    st.slots[9000] = st.myself;
    expect(slotTableProblem(st)).toMatch(/slot 9000 bound to n0 without its bit/);
    const st2 = stateWithSlots();
    st2.myself.numSlots = 3;
    expect(slotTableProblem(st2)).toMatch(/numSlots of n0 is 3/);
  });
});
