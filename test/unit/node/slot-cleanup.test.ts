/** The source's deletion of its copies after a slot migration's flip: bounded chunks, a turn between them, emptied slots skipped. */
import { describe, expect, it } from "vitest";
import { deleteSlotsInChunks } from "../../../src/node/slot-cleanup";

describe("deleting a migrated slot range's copies", () => {
  it("deletes at most a chunk at a time, takes a turn between chunks, and never looks at an emptied slot again", async () => {
    const keys = new Map<number, number>([[1, 5], [2, 0], [3, 7], [4, 2]]);
    const calls: { first: number; limit: number; turnsBefore: number }[] = [];
    let turns = 0;
    const del = (slots: readonly number[], limit: number): number => {
      calls.push({ first: slots[0]!, limit, turnsBefore: turns });
      let left = limit;
      for (const s of slots) {
        const n = Math.min(left, keys.get(s)!);
        keys.set(s, keys.get(s)! - n);
        left -= n;
        if (left === 0) break;
      }
      return limit - left;
    };
    const total = await deleteSlotsInChunks(del, (s) => keys.get(s)!, [1, 2, 3, 4], 4, async () => void turns++);
    expect(total).toBe(14);
    expect([...keys.values()]).toEqual([0, 0, 0, 0]);
    expect(calls.map((c) => c.limit)).toEqual([4, 4, 4, 4]);
    // A turn before every chunk but the first; each chunk starts at the first slot still holding keys.
    expect(calls.map((c) => c.turnsBefore)).toEqual([0, 1, 2, 3]);
    expect(calls.map((c) => c.first)).toEqual([1, 1, 3, 4]);
  });

  it("does nothing when the slots are already empty", async () => {
    let called = false;
    expect(await deleteSlotsInChunks(() => ((called = true), 0), () => 0, [1, 2], 10, async () => {})).toBe(0);
    expect(called).toBe(false);
  });
});
