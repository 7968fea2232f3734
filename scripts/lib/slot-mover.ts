/**
 * Moves slots between two masters with Redis's per-slot protocol (redis-cli's
 * clusterManagerMoveSlot): target `SETSLOT s IMPORTING <src>`, source `SETSLOT s MIGRATING <dst>`,
 * then `GETKEYSINSLOT` + `MIGRATE <dst name> <port> "" 0 <timeout> KEYS ...` until the slot is
 * empty, then `SETSLOT s NODE <dst>` on the target first (so a crash never leaves the slot without
 * an owner, redis issue #7116), then the source, then every other master.
 *
 * Each step is sent for a batch of slots in one pipeline per node: every request through the
 * gateway costs a round trip (~8 ms under wrangler dev), and 4096 slots one by one would take
 * minutes. The per-slot order is kept: no slot is MIGRATING before it is IMPORTING, and none is
 * handed over before its keys are gone from the source. A failure leaves at most one batch of
 * slots open, which `fix` closes.
 */
import { nodePipeline, type AdminOptions, type PipelineReply } from "./admin";
import type { NodeView } from "./cluster-view";

export interface MoveOptions {
  /** Keys per GETKEYSINSLOT/MIGRATE (redis-cli's --cluster-pipeline, default 10). */
  pipeline: number;
  /** MIGRATE timeout in ms. */
  timeoutMs: number;
  /** Slots opened together (one pipeline request per step). */
  batchSlots: number;
  /** Only move keys; the slot states are the caller's (fix's cold moves). */
  cold?: boolean;
  /** Overwrite keys that already exist on the target (fix, or --replace). */
  replace?: boolean;
  /** Move with atomic slot migration (CLUSTER MIGRATESLOTS) instead of SETSLOT + MIGRATE (--atomic). */
  atomic?: boolean;
}

export const DEFAULT_MOVE: MoveOptions = { pipeline: 10, timeoutMs: 60_000, batchSlots: 64 };

/** A step of the protocol failed; the slots of the batch may be left open (run `fix`). */
export class MoveError extends Error {
  constructor(readonly code: "setslot" | "migrate" | "getkeys", readonly slot: number, message: string) {
    super(message);
  }
}

/** Redis answers this when the source, having lost its last slot, already became a replica (#9223). */
const SOURCE_BECAME_REPLICA = "ERR Please use SETSLOT only with masters.";

type Cmd = (string | number)[];

async function run(
  opts: AdminOptions, node: string, cmds: Cmd[], slots: number[], code: MoveError["code"], ignore?: (e: string) => boolean,
): Promise<PipelineReply[]> {
  const replies = await nodePipeline(opts, node, cmds);
  replies.forEach((r, i) => {
    if (r.error !== undefined && !ignore?.(r.error)) {
      throw new MoveError(code, slots[i]!, `${node}: ${cmds[i]!.join(" ")}: ${r.error}`);
    }
  });
  return replies;
}

/**
 * Empties `slots` from `src` into `dst` (both must be open for the move unless cold). Returns the
 * number of keys moved per slot, in the order given.
 */
async function migrateKeys(opts: AdminOptions, src: NodeView, dst: NodeView, slots: number[], o: MoveOptions): Promise<number[]> {
  const moved = slots.map(() => 0);
  let pending = slots.map((_, i) => i);
  const extra = o.replace ? ["REPLACE"] : [];
  while (pending.length > 0) {
    const lists = await run(opts, src.name, pending.map((i) => ["CLUSTER", "GETKEYSINSLOT", slots[i]!, o.pipeline]), pending.map((i) => slots[i]!), "getkeys");
    const withKeys = pending.filter((_, j) => (lists[j]!.result as string[]).length > 0);
    if (withKeys.length === 0) break;
    const keysOf = new Map(pending.map((i, j) => [i, lists[j]!.result as string[]]));
    const cmds = withKeys.map((i) => ["MIGRATE", dst.name, dst.port, "", 0, o.timeoutMs, ...extra, "KEYS", ...keysOf.get(i)!]);
    const replies = await run(opts, src.name, cmds, withKeys.map((i) => slots[i]!), "migrate");
    withKeys.forEach((i, j) => {
      if (replies[j]!.result !== "NOKEY") moved[i] = moved[i]! + keysOf.get(i)!.length;
    });
    pending = withKeys;
  }
  return moved;
}

/**
 * Moves `slots` from `src` to `dst`; `others` are the remaining masters, told the new owner too.
 * `onSlot` is called once per slot moved with its key count.
 */
export async function moveSlots(
  opts: AdminOptions, src: NodeView, dst: NodeView, others: NodeView[], slots: number[], o: MoveOptions,
  onSlot: (slot: number, keys: number) => void = () => {},
): Promise<void> {
  for (let b = 0; b < slots.length; b += o.batchSlots) {
    const batch = slots.slice(b, b + o.batchSlots);
    if (!o.cold) {
      await run(opts, dst.name, batch.map((s) => ["CLUSTER", "SETSLOT", s, "IMPORTING", src.id]), batch, "setslot");
      await run(opts, src.name, batch.map((s) => ["CLUSTER", "SETSLOT", s, "MIGRATING", dst.id]), batch, "setslot");
    }
    const moved = await migrateKeys(opts, src, dst, batch, o);
    if (!o.cold) {
      const handOver = batch.map((s) => ["CLUSTER", "SETSLOT", s, "NODE", dst.id]);
      await run(opts, dst.name, handOver, batch, "setslot");
      await run(opts, src.name, handOver, batch, "setslot", (e) => e.startsWith(SOURCE_BECAME_REPLICA));
      await Promise.all(others.map((n) => run(opts, n.name, handOver, batch, "setslot")));
    }
    batch.forEach((s, i) => onSlot(s, moved[i]!));
  }
}
