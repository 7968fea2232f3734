/**
 * DUMP payloads of collections with a million elements: encodeValue must not pass the elements as
 * one call's arguments (push(...elements) overflows the stack: at about 260k elements per page in
 * workerd, a 1M-member sorted set's MIGRATE failed; test/workers/migrate-huge.test.ts).
 */
import { describe, expect, it } from "vitest";
import { decodeValue, encodeValue } from "../../../src/keyspace/serialize";
import type { KeyValue } from "../../../src/keyspace/db";

const N = 1_000_000;

describe("encodeValue of a million elements", () => {
  it.each<[string, () => KeyValue]>([
    ["list", () => ({ type: "list", items: Array.from({ length: N }, (_, i) => `i${i}`) })],
    ["set", () => ({ type: "set", members: Array.from({ length: N }, (_, i) => `m${i}`) })],
    ["zset", () => ({ type: "zset", entries: Array.from({ length: N }, (_, i): [string, number] => [`m${i}`, i / 4]) })],
    ["hash", () => ({ type: "hash", entries: Array.from({ length: N }, (_, i): [string, string] => [`f${i}`, `v${i}`]) })],
  ])("a %s round-trips", (_, make) => {
    const v = make();
    expect(decodeValue(encodeValue(v))).toEqual(v);
  }, 60_000); // a million-element deep comparison takes seconds on a loaded machine; this is about the stack, not speed
});
