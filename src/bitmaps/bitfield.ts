/**
 * BITFIELD and BITFIELD_RO (bitops.c bitfieldGeneric): GET/SET/INCRBY of integer fields, each
 * under the OVERFLOW mode in force where it appears, all parsed before anything runs (a bad
 * argument anywhere changes nothing). A write grows the value up to the farthest field written,
 * even when every write fails under OVERFLOW FAIL, as Redis does.
 *
 * Fields are read from a few bytes around them (at most 9) and the changed bytes are kept in
 * memory until the end, then written in one pass: one row rewrite per chunk touched, whatever
 * the number of operations. Replicas get the command itself: given the same value it computes
 * the same result, FAIL included (a field that overflows is left alone on both sides).
 */
import type { BStr } from "../resp/bytes";
import { arr, ERR, int, NULL, ReplyError, type Reply } from "../resp/reply";
import { bigIntArg, isOpt } from "../commands/args";
import type { CommandContext } from "../keyspace/handler";
import { bitfieldTypeArg, bitOffsetArg, type BitfieldType } from "./bit-args";
import { addWithOverflow, readField, typedValue, writeField, type Overflow } from "./bitfield-int";
import { createEmptyString, patchInPlace, readBytes, storedByte, stringLayout, writePatches, type BytePatch } from "./string-bytes";

interface FieldOp {
  kind: "get" | "set" | "incrby";
  type: BitfieldType;
  /** Bit offset of the field's first bit. */
  offset: number;
  /** SET's value or INCRBY's increment. */
  arg: bigint;
  overflow: Overflow;
}

const OVERFLOWS: readonly Overflow[] = ["wrap", "sat", "fail"];

/** Every operation, in order, or the first argument error (Redis's order of checks). */
function parseOps(ctx: CommandContext, argv: BStr[]): FieldOp[] {
  const ops: FieldOp[] = [];
  let overflow: Overflow = "wrap";
  for (let j = 2; j < argv.length; j++) {
    const remaining = argv.length - j - 1;
    const sub = argv[j]!;
    let kind: FieldOp["kind"];
    if (isOpt(sub, "get") && remaining >= 2) kind = "get";
    else if (isOpt(sub, "set") && remaining >= 3) kind = "set";
    else if (isOpt(sub, "incrby") && remaining >= 3) kind = "incrby";
    else if (isOpt(sub, "overflow") && remaining >= 1) {
      const mode = OVERFLOWS.find((o) => isOpt(argv[j + 1], o));
      if (!mode) throw new ReplyError("ERR Invalid OVERFLOW type specified");
      overflow = mode;
      j++;
      continue;
    } else {
      throw new ReplyError(ERR.syntax);
    }
    const type = bitfieldTypeArg(argv[j + 1]!);
    const offset = bitOffsetArg(ctx, argv[j + 2]!, type.bits);
    const arg = kind === "get" ? 0n : bigIntArg(argv[j + 3]!);
    ops.push({ kind, type, offset, arg, overflow });
    j += kind === "get" ? 2 : 3;
  }
  return ops;
}

/** Bytes of one value as the operations see them: stored bytes under the ones changed so far. */
class FieldBytes {
  /** Byte index → [stored value, current value], for every byte an operation has read. */
  private readonly seen = new Map<number, [number, number]>();

  constructor(private readonly ctx: CommandContext, private readonly id: number | null) {}

  read(from: number, n: number): Uint8Array {
    const w = readBytes(this.ctx.db, this.id, from, from + n);
    for (let i = 0; i < n; i++) {
      const c = this.seen.get(from + i);
      if (c) w[i] = c[1];
      else this.seen.set(from + i, [w[i]!, w[i]!]);
    }
    return w;
  }

  /** `w` as returned by `read(from, w.length)`, changed. */
  write(from: number, w: Uint8Array): void {
    for (let i = 0; i < w.length; i++) this.seen.get(from + i)![1] = w[i]!;
  }

  /** The bytes that differ from the stored ones, as runs of consecutive bytes. */
  patches(): BytePatch[] {
    const out: BytePatch[] = [];
    let run: number[] = [];
    let start = -1;
    const flush = () => run.length && out.push({ offset: start, data: Uint8Array.from(run) });
    for (const i of [...this.seen.keys()].sort((a, b) => a - b)) {
      const [stored, now] = this.seen.get(i)!;
      if (stored === now) continue;
      if (run.length === 0 || i !== start + run.length) {
        flush();
        run = [];
        start = i;
      }
      run.push(now);
    }
    flush();
    return out;
  }
}

/** One operation's reply, applying it to `bytes`. */
function runOp(op: FieldOp, bytes: FieldBytes): Reply {
  const { bits } = op.type;
  const first = op.offset >> 3;
  const shift = op.offset & 7;
  const window = bytes.read(first, (shift + bits + 7) >> 3);
  const old = typedValue(readField(window, shift, bits), op.type);
  if (op.kind === "get") return int(old);
  const next = op.kind === "set" ? addWithOverflow(op.type, op.arg, 0n, op.overflow) : addWithOverflow(op.type, old, op.arg, op.overflow);
  // OVERFLOW FAIL: the field is left as it is and the reply is nil.
  if (next === null) return NULL;
  writeField(window, shift, bits, next);
  bytes.write(first, window);
  return int(op.kind === "set" ? old : next);
}

function bitfieldGeneric(ctx: CommandContext, argv: BStr[], readonly: boolean): Reply {
  const key = argv[1]!;
  const ops = parseOps(ctx, argv);
  const writes = ops.filter((op) => op.kind !== "get");
  if (writes.length > 0 && readonly) throw new ReplyError("ERR BITFIELD_RO only supports the GET subcommand");
  const id = ctx.db.metaOf(key, "string")?.id ?? null;
  const bytes = new FieldBytes(ctx, id);
  const replies = ops.map((op) => runOp(op, bytes));
  if (writes.length > 0) {
    // lookupStringForBitCommand: the value reaches the farthest field written, failed or not.
    const minLength = writes.reduce((n, op) => Math.max(n, ((op.offset + op.type.bits - 1) >> 3) + 1), 0);
    const patches = bytes.patches();
    if (id !== null && storedByte(ctx.db, id, minLength - 1) !== null) {
      if (patches.length > 0) patchInPlace(ctx.db, key, id, patches);
    } else {
      writePatches(ctx.db, key, (id === null ? null : stringLayout(ctx.db, key)) ?? createEmptyString(ctx.db, key), patches, minLength);
    }
  }
  return arr(replies);
}

export const bitfieldHandlers = {
  bitfield: (ctx: CommandContext, argv: BStr[]) => bitfieldGeneric(ctx, argv, false),
  bitfield_ro: (ctx: CommandContext, argv: BStr[]) => bitfieldGeneric(ctx, argv, true),
};
