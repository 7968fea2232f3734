/**
 * Moves slots between two masters with Redis's per-slot protocol (redis-cli's
 * clusterManagerMoveSlot): target `SETSLOT s IMPORTING <src>`, source `SETSLOT s MIGRATING <dst>`,
 * then `GETKEYSINSLOT` + `MIGRATE <dst name> <port> "" 0 <timeout> KEYS ...` until the slot is
 * empty, then `SETSLOT s NODE <dst>` on the target first (so a crash never leaves the slot without
 * an owner, redis issue #7116), then the source, then every other master.
 *
 * Each step is sent for a batch of slots in one pipeline per node: every request through the
 * gateway costs a round trip (~5-10 ms under wrangler dev), and 4096 slots one by one would take
 * minutes. Steps that go to the same node back to back share a request, in the protocol's order:
 *   target:  SETSLOT NODE (previous batch), SETSLOT IMPORTING (this batch)
 *   source:  SETSLOT NODE (previous batch), SETSLOT MIGRATING, GETKEYSINSLOT (this batch)
 *   source:  MIGRATE, GETKEYSINSLOT (the slots that still had keys), until every list is empty
 *   others:  SETSLOT NODE (previous batch), while the next batch goes on
 * (the node runs a request's MIGRATEs together, src/node/command-runs.ts). The per-slot order is
 * kept: no slot is MIGRATING before it is IMPORTING, and none is handed over before a
 * GETKEYSINSLOT after its last MIGRATE came back empty. A failure leaves at most two batches of
 * slots open (one emptied, one opening), which `fix` closes.
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

/**
 * 128 slots per batch: each batch costs three requests through the gateway plus one per MIGRATE
 * round (~5-10 ms each under wrangler dev), so fewer, larger batches spend less on requests; but a
 * batch's keys stay locked while its MIGRATE request runs, so clients of those keys wait longer.
 */
export const DEFAULT_MOVE: MoveOptions = { pipeline: 10, timeoutMs: 60_000, batchSlots: 128 };

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
  opts: AdminOptions, node: string, cmds: Cmd[], slots: number[], code: MoveError["code"], ignore?: (e: string, i: number) => boolean,
): Promise<PipelineReply[]> {
  const replies = await nodePipeline(opts, node, cmds);
  replies.forEach((r, i) => {
    if (r.error !== undefined && !ignore?.(r.error, i)) {
      throw new MoveError(code, slots[i]!, `${node}: ${cmds[i]!.join(" ")}: ${r.error}`);
    }
  });
  return replies;
}

const getKeys = (slots: number[], o: MoveOptions): Cmd[] => slots.map((s) => ["CLUSTER", "GETKEYSINSLOT", s, o.pipeline]);
const setSlot = (slots: number[], how: string, id?: string): Cmd[] => slots.map((s) => ["CLUSTER", "SETSLOT", s, how, ...(id ? [id] : [])]);

/**
 * Empties `slots` from `src` into `dst` given each slot's first GETKEYSINSLOT list (both nodes
 * open for the move unless cold). Returns the number of keys moved per slot, in the order given.
 */
async function migrateKeys(opts: AdminOptions, src: NodeView, dst: NodeView, slots: number[], lists: string[][], o: MoveOptions): Promise<number[]> {
  const moved = slots.map(() => 0);
  const extra = o.replace ? ["REPLACE"] : [];
  let pending = slots.map((_, i) => i).filter((i) => lists[i]!.length > 0);
  while (pending.length > 0) {
    const migrates = pending.map((i) => ["MIGRATE", dst.name, dst.port, "", 0, o.timeoutMs, ...extra, "KEYS", ...lists[i]!]);
    const at = pending.map((i) => slots[i]!);
    const replies = await nodePipeline(opts, src.name, [...migrates, ...getKeys(at, o)]);
    replies.forEach((r, j) => {
      if (r.error !== undefined) {
        const cmd = j < pending.length ? migrates[j]! : getKeys([at[j - pending.length]!], o)[0]!;
        throw new MoveError(j < pending.length ? "migrate" : "getkeys", at[j % pending.length]!, `${src.name}: ${cmd.join(" ")}: ${r.error}`);
      }
    });
    pending.forEach((i, j) => {
      if (replies[j]!.result !== "NOKEY") moved[i] = moved[i]! + lists[i]!.length;
      lists[i] = replies[pending.length + j]!.result as string[];
    });
    pending = pending.filter((i) => lists[i]!.length > 0);
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
  const batches: number[][] = [];
  for (let b = 0; b < slots.length; b += o.batchSlots) batches.push(slots.slice(b, b + o.batchSlots));
  if (o.cold) {
    // Only keys move (fix): the slot states are the caller's.
    for (const batch of batches) {
      const lists = await run(opts, src.name, getKeys(batch, o), batch, "getkeys");
      const moved = await migrateKeys(opts, src, dst, batch, lists.map((r) => r.result as string[]), o);
      batch.forEach((s, i) => onSlot(s, moved[i]!));
    }
    return;
  }
  /** The previous batch: emptied, not yet handed over. */
  let emptied: { slots: number[]; moved: number[] } | null = null;
  let announced: Promise<unknown> = Promise.resolve();
  for (const batch of [...batches, []]) {
    const handOver: Cmd[] = emptied ? setSlot(emptied.slots, "NODE", dst.id) : [];
    const handOverSlots: number[] = emptied?.slots ?? [];
    await run(opts, dst.name, [...handOver, ...setSlot(batch, "IMPORTING", src.id)], [...handOverSlots, ...batch], "setslot");
    const atSource = await run(opts, src.name, [...handOver, ...setSlot(batch, "MIGRATING", dst.id), ...getKeys(batch, o)],
      [...handOverSlots, ...batch, ...batch], "setslot", (e, i) => i < handOver.length && e.startsWith(SOURCE_BECAME_REPLICA));
    if (emptied) {
      const done = emptied;
      await announced;
      announced = Promise.all(others.map((n) => run(opts, n.name, handOver, done.slots, "setslot")));
      done.slots.forEach((s, i) => onSlot(s, done.moved[i]!));
    }
    if (batch.length === 0) break;
    const lists: string[][] = atSource.slice(handOver.length + batch.length).map((r) => r.result as string[]);
    emptied = { slots: batch, moved: await migrateKeys(opts, src, dst, batch, lists, o) };
  }
  await announced;
}
