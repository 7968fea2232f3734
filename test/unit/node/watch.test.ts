/**
 * WatchedKeys: EXEC aborts when a watched key was written after WATCH, or when the memory of
 * writes was trimmed past the token (conservative), and only then.
 */
import { describe, expect, it } from "vitest";
import { WATCH_MEMORY_KEYS, WatchedKeys } from "../../../src/node/watch";

describe("WatchedKeys", () => {
  it("aborts on a write of a watched key, however many writes followed it", () => {
    const w = new WatchedKeys("i1");
    const token = w.token({ a: null });
    expect(w.changedSince(token, 0)).toBe(false);
    for (let i = 0; i < WATCH_MEMORY_KEYS - 2; i++) w.touched(`other${i}`);
    expect(w.changedSince(token, 0)).toBe(false);
    w.touched("a");
    for (let i = 0; i < WATCH_MEMORY_KEYS - 1; i++) w.touched(`more${i}`);
    expect(w.changedSince(token, 0)).toBe(true);
  });

  it("remembers at least WATCH_MEMORY_KEYS writes, and aborts once it forgot writes after the token", () => {
    const w = new WatchedKeys("i1");
    for (let i = 0; i < 3 * WATCH_MEMORY_KEYS + 17; i++) w.touched(`before${i}`);
    const token = w.token({ a: null });
    for (let i = 0; i < WATCH_MEMORY_KEYS; i++) w.touched(`after${i}`);
    expect(w.changedSince(token, 0)).toBe(false);
    for (let i = 0; i < WATCH_MEMORY_KEYS; i++) w.touched(`later${i}`);
    expect(w.changedSince(token, 0)).toBe(true);
  });

  it("aborts after a restart (another incarnation) and when a watched key expired", () => {
    const w = new WatchedKeys("i1");
    expect(w.changedSince({ ...w.token({ a: null }), incarnation: "i0" }, 0)).toBe(true);
    expect(w.changedSince(w.token({ a: 100 }), 99)).toBe(false);
    expect(w.changedSince(w.token({ a: 100 }), 100)).toBe(true);
  });
});
