/**
 * A stream value as bytes, for DUMP payloads (serialize.ts): the StreamValue as JSON. Every
 * string in it is a byte string (code units 0..255) and JSON.stringify keeps them so, so the text
 * is itself a byte string. Decoding checks the shape before anything is written.
 */
import type { BStr } from "../../resp/bytes";
import { validStreamValue, type StreamGroupImage, type StreamMetaImage, type StreamValue } from "./rows";

export const encodeStream = (v: StreamValue): BStr => JSON.stringify([v.entries, v.meta, v.groups]);

const isStr = (x: unknown): x is string => typeof x === "string";
const isNum = (x: unknown): x is number => typeof x === "number" && Number.isSafeInteger(x);
const isArr = Array.isArray;

function metaOf(x: unknown): StreamMetaImage | null | undefined {
  if (x === null) return null;
  if (typeof x !== "object") return undefined;
  const m = x as Record<string, unknown>;
  if (![m.lastId, m.firstId, m.maxDeletedId, m.entriesAdded].every(isStr)) return undefined;
  return { lastId: m.lastId as string, firstId: m.firstId as string, maxDeletedId: m.maxDeletedId as string, entriesAdded: m.entriesAdded as string };
}

function groupOf(x: unknown): StreamGroupImage | null {
  if (typeof x !== "object" || x === null) return null;
  const g = x as Record<string, unknown>;
  if (!isStr(g.name) || !isStr(g.lastId) || !isStr(g.entriesRead) || !isArr(g.consumers) || !isArr(g.pel)) return null;
  const consumers = g.consumers as unknown[];
  const pel = g.pel as unknown[];
  if (!consumers.every((c) => isArr(c) && c.length === 2 && isStr(c[0]) && isNum(c[1]))) return null;
  if (!pel.every((p) => isArr(p) && p.length === 4 && isStr(p[0]) && isStr(p[1]) && isNum(p[2]) && isStr(p[3]))) return null;
  return {
    name: g.name, lastId: g.lastId, entriesRead: g.entriesRead,
    consumers: consumers as [BStr, number][], pel: pel as [string, BStr, number, string][],
  };
}

/** The stream in `text`, or null when it is not a well-formed stream value. */
export function decodeStream(text: BStr): StreamValue | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isArr(parsed) || parsed.length !== 3) return null;
  const [entries, rawMeta, rawGroups] = parsed as unknown[];
  if (!isArr(entries) || !isArr(rawGroups)) return null;
  if (!entries.every((e) => isArr(e) && e.length === 2 && isStr(e[0]) && isArr(e[1]) && (e[1] as unknown[]).every(isStr))) return null;
  const meta = metaOf(rawMeta);
  const groups = rawGroups.map(groupOf);
  if (meta === undefined || groups.some((g) => g === null)) return null;
  const v: StreamValue = { type: "stream", entries: entries as [string, BStr[]][], meta, groups: groups as StreamGroupImage[] };
  return validStreamValue(v) ? v : null;
}
