/**
 * The source's deletion of its copies after an atomic slot migration's flip: the slots are the
 * target's by then and no client reaches these keys, but deleting tens of thousands of them in
 * one synchronous stretch holds the node (and, under wrangler dev, the whole process): the
 * resharding benchmark's worst client second was that stretch. So: at most `chunk` keys per
 * transaction, a turn of the event loop between chunks, and a cursor past the slots already
 * emptied (each chunk would otherwise look at every slot of the job again).
 */
export async function deleteSlotsInChunks(
  del: (slots: readonly number[], limit: number) => number,
  keysIn: (slot: number) => number,
  slots: readonly number[],
  chunk: number,
  turn: () => Promise<void>,
): Promise<number> {
  let total = 0;
  for (let i = 0; ;) {
    while (i < slots.length && keysIn(slots[i]!) === 0) i++;
    if (i === slots.length) return total;
    const n = del(slots.slice(i), chunk);
    total += n;
    if (n === 0) return total; // keys counted but none deletable: nothing more to do here
    await turn();
  }
}
