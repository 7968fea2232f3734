/**
 * Hash slots (cluster spec): slot = CRC16-XMODEM(key) mod 16384, where only the part inside the
 * first `{...}` is hashed if that part is non-empty ("hash tags").
 */
import type { BStr } from "../resp/bytes";

export const CLUSTER_SLOTS = 16384;

const TABLE = (() => {
  const t = new Uint16Array(256);
  for (let i = 0; i < 256; i++) {
    let crc = i << 8;
    for (let b = 0; b < 8; b++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    t[i] = crc;
  }
  return t;
})();

/** CRC16-XMODEM (poly 0x1021, init 0) over a byte string's bytes. */
export function crc16(s: BStr, start = 0, end = s.length): number {
  let crc = 0;
  for (let i = start; i < end; i++) crc = ((crc << 8) & 0xffff) ^ TABLE[((crc >> 8) ^ s.charCodeAt(i)) & 0xff]!;
  return crc;
}

export function keyHashSlot(key: BStr): number {
  const open = key.indexOf("{");
  if (open !== -1) {
    const close = key.indexOf("}", open + 1);
    if (close > open + 1) return crc16(key, open + 1, close) & (CLUSTER_SLOTS - 1);
  }
  return crc16(key) & (CLUSTER_SLOTS - 1);
}

/** Slots as sorted [start, end] runs (SLOTSRANGE arguments, GETSLOTMIGRATIONS' slot_ranges). */
export function slotRuns(slots: readonly number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const s of [...slots].sort((a, b) => a - b)) {
    const last = out.at(-1);
    if (last && last[1] === s - 1) last[1] = s;
    else out.push([s, s]);
  }
  return out;
}
