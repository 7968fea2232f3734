/**
 * Slot bitmaps: 16384 bits in 2048 bytes, bit `slot & 7` of byte `slot >> 3` (cluster.c's
 * bitmapTestBit layout), so a bitmap reads the same in a bus message, in a node and on disk.
 * Range helpers give the compact "0-5460 5462" form CLUSTER NODES and the persisted state use.
 */
import { CLUSTER_SLOTS } from "../commands/slot";

export const SLOT_BITMAP_BYTES = CLUSTER_SLOTS / 8;

export type SlotBitmap = Uint8Array;

export function newBitmap(): SlotBitmap {
  return new Uint8Array(SLOT_BITMAP_BYTES);
}

export function testBit(b: SlotBitmap, slot: number): boolean {
  return (b[slot >> 3]! & (1 << (slot & 7))) !== 0;
}

export function setBit(b: SlotBitmap, slot: number): void {
  b[slot >> 3]! |= 1 << (slot & 7);
}

export function clearBit(b: SlotBitmap, slot: number): void {
  b[slot >> 3]! &= ~(1 << (slot & 7));
}

export function bitmapEquals(a: SlotBitmap, b: SlotBitmap): boolean {
  for (let i = 0; i < SLOT_BITMAP_BYTES; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Inclusive [start, end] runs of set bits, ascending. Skips empty bytes, so sparse maps are cheap. */
export function slotRanges(b: SlotBitmap): [number, number][] {
  const out: [number, number][] = [];
  let start = -1;
  for (let byte = 0; byte < SLOT_BITMAP_BYTES; byte++) {
    const v = b[byte]!;
    if ((v === 0 && start === -1) || (v === 0xff && start !== -1)) continue;
    for (let bit = 0; bit < 8; bit++) {
      const slot = byte * 8 + bit;
      const on = (v & (1 << bit)) !== 0;
      if (on && start === -1) start = slot;
      else if (!on && start !== -1) {
        out.push([start, slot - 1]);
        start = -1;
      }
    }
  }
  if (start !== -1) out.push([start, CLUSTER_SLOTS - 1]);
  return out;
}

/** "0-5460 5462" (the CLUSTER NODES slot syntax); "" for an empty map. */
export function rangesText(b: SlotBitmap): string {
  return slotRanges(b)
    .map(([s, e]) => (s === e ? `${s}` : `${s}-${e}`))
    .join(" ");
}

/** Parses `rangesText` output; null if malformed or out of range. */
export function parseRanges(text: string): SlotBitmap | null {
  const b = newBitmap();
  if (text === "") return b;
  for (const part of text.split(" ")) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) return null;
    const s = Number(m[1]);
    const e = m[2] === undefined ? s : Number(m[2]);
    if (s > e || e >= CLUSTER_SLOTS) return null;
    for (let j = s; j <= e; j++) setBit(b, j);
  }
  return b;
}
