import { describe, expect, it } from "vitest";
import { crc16, keyHashSlot } from "../../../src/commands/slot";

describe("hash slots (cluster spec)", () => {
  it("computes CRC16-XMODEM", () => {
    expect(crc16("123456789")).toBe(0x31c3);
  });

  it("maps keys to slots as Redis does", () => {
    expect(keyHashSlot("foo")).toBe(12182);
    expect(keyHashSlot("bar")).toBe(5061);
    expect(keyHashSlot("")).toBe(0);
  });

  it("hashes only the first non-empty {tag}", () => {
    expect(keyHashSlot("{user1000}.following")).toBe(keyHashSlot("{user1000}.followers"));
    expect(keyHashSlot("{user1000}.following")).toBe(keyHashSlot("user1000"));
    expect(keyHashSlot("foo{}{bar}")).toBe(crc16("foo{}{bar}") % 16384); // empty tag: the whole key
    expect(keyHashSlot("foo{{bar}}zap")).toBe(crc16("{bar") % 16384); // tag runs to the first '}'
    expect(keyHashSlot("foo{bar}{zap}")).toBe(keyHashSlot("bar"));
    expect(keyHashSlot("{unclosed")).toBe(crc16("{unclosed") % 16384);
  });

  it("works on binary key bytes", () => {
    expect(keyHashSlot("\u00ff\u0000{\u0080}")).toBe(crc16("\u0080") % 16384);
  });
});
