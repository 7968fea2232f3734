/** Keyspace events of the bitmap commands (notify.ts), as bitops.c notifies them. */
import { describe, expect, it } from "vitest";
import { keyEvents, NOTIFY } from "../../../src/pubsub/notify";

describe("bitmap keyspace events", () => {
  it("SETBIT and BITFIELD: setbit; BITOP: set on its destination, del when the result is empty", () => {
    expect(keyEvents(["SETBIT", "k", "1", "1"], "k")).toEqual([[NOTIFY.string, "setbit"]]);
    expect(keyEvents(["bitfield", "k", "SET", "u8", "0", "1"], "k")).toEqual([[NOTIFY.string, "setbit"]]);
    expect(keyEvents(["BITOP", "OR", "d", "a", "b"], "d", true)).toEqual([[NOTIFY.string, "set"]]);
    expect(keyEvents(["BITOP", "OR", "d", "a", "b"], "d", false)).toEqual([[NOTIFY.generic, "del"]]);
  });
});
