/** Byte strings: fromBytes/toBytes are exact inverses for every byte, on the ASCII fast path and off it. */
import { describe, expect, it } from "vitest";
import { fromBytes, toBytes } from "../../../src/resp/bytes";

describe("byte strings", () => {
  it.each([
    ["ASCII with NUL and DEL", Uint8Array.from([0, 1, 65, 0x7f, 10, 0])],
    ["every byte", Uint8Array.from({ length: 256 }, (_, i) => i)],
    ["a UTF-8 BOM, kept", Uint8Array.from([0xef, 0xbb, 0xbf, 65])],
    ["large, ASCII", new Uint8Array(100_000).fill(120)],
    ["large, one high byte at the end", Uint8Array.from({ length: 100_001 }, (_, i) => (i === 100_000 ? 200 : 97))],
  ])("%s round-trips", (_, bytes) => {
    const s = fromBytes(bytes);
    expect(s.length).toBe(bytes.length);
    for (let i = 0; i < bytes.length; i += 997) expect(s.charCodeAt(i)).toBe(bytes[i]);
    expect(toBytes(s)).toEqual(bytes);
    expect(fromBytes(bytes.buffer)).toBe(s);
  });
});
