/** Keys by owner in the e2e cluster of global-setup.ts (3 masters, created by scripts/cluster.ts create). */
import { keyHashSlot } from "../../src/commands/slot";

/** Each master's name and slot range. */
export const MASTER_RANGES: [string, number, number][] = [["node-0", 0, 5460], ["node-1", 5461, 10922], ["node-2", 10923, 16383]];

/** `count` keys (with `prefix`) whose slots lie in [from, to]. */
export function keysInSlots(prefix: string, from: number, to: number, count: number): string[] {
  const keys: string[] = [];
  for (let i = 0; keys.length < count; i++) {
    const slot = keyHashSlot(`${prefix}${i}`);
    if (slot >= from && slot <= to) keys.push(`${prefix}${i}`);
  }
  return keys;
}
