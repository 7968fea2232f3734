/**
 * A whole value in parts, so that a key of any size moves in pieces that each fit a SQLite row
 * (2 MB) and an RPC (32 MiB): a full sync's snapshot pages today, MIGRATE's payloads next.
 * `splitValue` cuts a value into parts of about `maxBytes` of payload each; the first part is
 * written with `writeValue`, the others are added to the key with `extendValue`, in order.
 */
import type { BStr } from "../resp/bytes";
import type { Keyspace, KeyValue } from "./db";

/** Per-element overhead counted when sizing a part (JSON quotes, commas, the score). */
const ELEMENT_OVERHEAD = 24;

/** Cuts `items` into runs whose summed `size` stays within `maxBytes` (an element larger than that is a run alone). */
function runs<T>(items: readonly T[], size: (x: T) => number, maxBytes: number): T[][] {
  const out: T[][] = [];
  let cur: T[] = [];
  let bytes = 0;
  for (const x of items) {
    const n = size(x) + ELEMENT_OVERHEAD;
    if (cur.length > 0 && bytes + n > maxBytes) {
      out.push(cur);
      cur = [];
      bytes = 0;
    }
    cur.push(x);
    bytes += n;
  }
  if (cur.length > 0 || out.length === 0) out.push(cur);
  return out;
}

/** `value` as parts of about `maxBytes` each (one part when it is small). Lists keep their order. */
export function splitValue(value: KeyValue, maxBytes: number): KeyValue[] {
  switch (value.type) {
    case "string": {
      const parts: KeyValue[] = [];
      for (let i = 0; i < value.value.length || i === 0; i += maxBytes) parts.push({ type: "string", value: value.value.slice(i, i + maxBytes) });
      return parts;
    }
    case "list":
      return runs(value.items, (v) => v.length, maxBytes).map((items) => ({ type: "list", items }));
    case "set":
      return runs(value.members, (m) => m.length, maxBytes).map((members) => ({ type: "set", members }));
    case "zset":
      return runs(value.entries, ([m]) => m.length, maxBytes).map((entries) => ({ type: "zset", entries }));
    case "hash":
      return runs(value.entries, ([f, v]) => f.length + v.length, maxBytes).map((entries) => ({ type: "hash", entries }));
    case "stream":
      // Entries in runs; the first part carries the metadata and the groups (with their PELs).
      return runs(value.entries, ([id, items]) => id.length + items.reduce((n, x) => n + x.length, 0), maxBytes)
        .map((entries, i) => ({ type: "stream", entries, meta: i === 0 ? value.meta : null, groups: i === 0 ? value.groups : [] }));
  }
}

/** Adds a later part of a value to `key`, which holds the earlier parts (list items go at the tail). */
export function extendValue(db: Keyspace, key: BStr, part: KeyValue): void {
  if (part.type === "string") {
    db.appendString(key, part.value);
    return;
  }
  const meta = db.getOrCreate(key, part.type);
  const tail = part.type === "list" ? ((db.one("SELECT MAX(pos) AS p FROM lists WHERE kid = ?", meta.id)?.p as number | null) ?? -1) : -1;
  db.setCount(key, meta, meta.count + db.insertElements(meta.id, part, tail + 1));
}
