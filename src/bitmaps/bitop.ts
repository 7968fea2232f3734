/**
 * BITOP AND|OR|XOR|NOT destkey srckey [srckey ...] (bitops.c bitopCommand): the result is as long
 * as the longest source, shorter sources count as zero-padded, missing keys as empty strings; an
 * empty result deletes the destination. Replies the result's length.
 *
 * Also Redis 8.2's DIFF (X and none of the others), DIFF1 (any of the others but not X), ANDOR
 * (X and any of the others; these three take at least two sources) and ONE (bits set in exactly
 * one source), which @upstash/redis sends; Redis 7.0 answers them with a syntax error.
 *
 * The result is computed and written one chunk (STRING_CHUNK_BYTES) at a time, reading the same
 * chunk of every source just before: memory holds one chunk per source, never whole values. The
 * destination may be a source: its chunk i is read before chunk i is written, and a destination
 * that was inline keeps its value in `keys.value` until the chunks are all written.
 */
import type { BStr } from "../resp/bytes";
import { ERR, int, ReplyError, type Reply } from "../resp/reply";
import { isOpt } from "../commands/args";
import { STRING_CHUNK_BYTES } from "../keyspace/db";
import type { CommandContext } from "../keyspace/handler";
import { createEmptyString, readBytes, stringLayout, type StringLayout } from "./string-bytes";

type BitOp = "and" | "or" | "xor" | "not" | "diff" | "diff1" | "andor" | "one";
const OPS: readonly BitOp[] = ["and", "or", "xor", "not", "diff", "diff1", "andor", "one"];
/** Operations of the first source against the union of the others. */
const AGAINST_OTHERS: ReadonlySet<BitOp> = new Set(["diff", "diff1", "andor"]);

/** `op` over the same bytes of every source (`parts[i]` zero past its length), into `out`. */
function combine(op: BitOp, parts: Uint8Array[], out: Uint8Array): void {
  const [first, ...rest] = parts as [Uint8Array, ...Uint8Array[]];
  if (AGAINST_OTHERS.has(op)) {
    for (const p of rest) for (let j = 0; j < out.length; j++) out[j]! |= p[j]!;
    if (op === "diff") for (let j = 0; j < out.length; j++) out[j] = first[j]! & ~out[j]!;
    else if (op === "diff1") for (let j = 0; j < out.length; j++) out[j] = ~first[j]! & out[j]!;
    else for (let j = 0; j < out.length; j++) out[j]! &= first[j]!;
    return;
  }
  out.set(first);
  if (op === "not") {
    for (let j = 0; j < out.length; j++) out[j] = ~out[j]! & 0xff;
    return;
  }
  // ONE: bits seen in two sources or more are dropped at the end.
  const seen = op === "one" ? new Uint8Array(out.length) : null;
  for (const p of rest) {
    if (op === "and") for (let j = 0; j < out.length; j++) out[j]! &= p[j]!;
    else if (op === "or") for (let j = 0; j < out.length; j++) out[j]! |= p[j]!;
    else {
      if (seen) for (let j = 0; j < out.length; j++) seen[j]! |= out[j]! & p[j]!;
      for (let j = 0; j < out.length; j++) out[j]! ^= p[j]!;
    }
  }
  if (seen) for (let j = 0; j < out.length; j++) out[j]! &= ~seen[j]!;
}

function bitopCommand(ctx: CommandContext, argv: BStr[]): Reply {
  const db = ctx.db;
  const op = OPS.find((o) => isOpt(argv[1], o));
  if (!op) throw new ReplyError(ERR.syntax);
  if (op === "not" && argv.length !== 4) throw new ReplyError("ERR BITOP NOT must be called with a single source key.");
  if (AGAINST_OTHERS.has(op) && argv.length < 5) throw new ReplyError(`ERR BITOP ${op.toUpperCase()} must be called with at least two source keys.`);
  const dest = argv[2]!;
  const sources = argv.slice(3).map((k) => stringLayout(db, k));
  const length = Math.max(0, ...sources.map((s) => s?.length ?? 0));
  if (length === 0) {
    db.delete(dest);
    return int(0);
  }
  // The destination's row: its own when it is one of the sources, else a new string (setKey:
  // any old value of any type goes, and so does its TTL).
  const aliased = argv.slice(3).includes(dest) ? sources[argv.indexOf(dest, 3) - 3] : null;
  const target = aliased ?? createEmptyString(db, dest);
  const piece = (s: StringLayout | null, from: number, to: number) => readBytes(db, s?.id ?? null, from, to);
  if (length <= STRING_CHUNK_BYTES) {
    const out = new Uint8Array(length);
    combine(op, sources.map((s) => piece(s, 0, length)), out);
    if (!target.inline) db.run("DELETE FROM string_chunks WHERE kid = ?", target.id);
    db.run("UPDATE keys SET value = ?, expires_at = NULL WHERE id = ?", out, target.id);
  } else {
    for (let idx = 0, from = 0; from < length; idx++, from += STRING_CHUNK_BYTES) {
      const to = Math.min(length, from + STRING_CHUNK_BYTES);
      const out = new Uint8Array(to - from);
      combine(op, sources.map((s) => piece(s, from, to)), out);
      db.run("INSERT OR REPLACE INTO string_chunks (kid, idx, data) VALUES (?, ?, ?)", target.id, idx, out);
    }
    db.run("UPDATE keys SET value = NULL, expires_at = NULL WHERE id = ?", target.id);
  }
  db.modified(dest);
  return int(length);
}

export const bitopHandlers = { bitop: bitopCommand };
