/**
 * What `fix` does to an open slot (MIGRATING/IMPORTING left behind, e.g. by an interrupted
 * reshard) and to unassigned slots, as pure planning over what each master says and holds. The
 * decisions follow redis-cli 7.0 (clusterManagerFixOpenSlot, clusterManagerFixSlotsCoverage):
 *   - one owner is chosen: the only node that claims the slot (beyond redis-cli, even if others
 *     hold keys of it), else the only one holding keys, else the one with the most keys; other
 *     claimants and key holders hand the slot over and become importing;
 *   - case 1, one migrating + one importing node: finish the move;
 *   - case 2, only importing nodes: move their keys to the owner (cold) and close them;
 *   - case 3, one migrating + several empty importing nodes: finish towards the migrating node's
 *     target if it is among them, else close the slot everywhere;
 *   - case 4, only a migrating node that owns the slot or holds no keys: close it (roll back);
 *   - anything else is left alone with redis-cli's "can't fix this slot yet".
 */
export interface SlotHolder {
  name: string;
  id: string;
  /** The node claims the slot in its own CLUSTER NODES line. */
  owns: boolean;
  /** Peer id from `[slot->-id]`. */
  migratingTo?: string;
  /** Peer id from `[slot-<-id]`. */
  importingFrom?: string;
  /** CLUSTER COUNTKEYSINSLOT on this node. */
  keys: number;
}

export type FixStep =
  /** SETSLOT STABLE (when `clear`), DELSLOTS (error ignored), ADDSLOTS, BUMPEPOCH. */
  | { kind: "set-owner"; node: string; clear: boolean }
  /** DELSLOTS, SETSLOT NODE owner, SETSLOT IMPORTING owner: a second claimant gives way. */
  | { kind: "give-way"; node: string; owner: string }
  /** Moves the slot's keys; a hot move opens and closes the slot, a cold one only moves keys. */
  | { kind: "move"; from: string; to: string; cold: boolean }
  | { kind: "stable"; node: string }
  /** SETSLOT NODE owner on every master except the owner. */
  | { kind: "announce"; owner: string };

export type FixPlan =
  | { fixable: true; case: string; log: string[]; steps: FixStep[] }
  | { fixable: false; case: "unhandled" | "no-owner"; log: string[]; message: string };

function mostKeys(holders: SlotHolder[]): SlotHolder | undefined {
  let best: SlotHolder | undefined;
  for (const h of holders) if (!best || h.keys > best.keys) best = h;
  return best;
}

export function planOpenSlotFix(slot: number, holders: SlotHolder[]): FixPlan {
  const log: string[] = [];
  const steps: FixStep[] = [];
  const owners = holders.filter((h) => h.owns || h.keys > 0);
  // Beyond redis-cli: a single node claiming the slot is its owner even when others hold keys of
  // it. Those are leftovers (a MIGRATE whose answer was lost leaves a copy at the target while the
  // source keeps serving its own); redis-cli would pick the node with the most keys, possibly the
  // leftovers' node, and overwrite what readers saw (the simulator's seed 303668545).
  const claimants = holders.filter((h) => h.owns);
  let owner = claimants.length === 1 ? claimants[0] : owners.length === 1 ? owners[0] : undefined;
  let migrating = holders.filter((h) => h.migratingTo !== undefined);
  let importing = holders.filter((h) => h.migratingTo === undefined && (h.importingFrom !== undefined || (h !== owner && h.keys > 0)));
  if (migrating.length) log.push(`Set as migrating in: ${migrating.map((h) => h.name).join(",")}`);
  if (importing.length) log.push(`Set as importing in: ${importing.map((h) => h.name).join(",")}`);
  if (!owner) {
    log.push(">>> No single clear owner for the slot, selecting an owner by # of keys...");
    owner = mostKeys(holders);
    if (!owner) return { fixable: false, case: "no-owner", log, message: "[ERR] Can't select a slot owner. Impossible to fix." };
    log.push(`*** Configuring ${owner.name} as the slot owner`);
    steps.push({ kind: "set-owner", node: owner.name, clear: true });
    const o = owner;
    migrating = migrating.filter((h) => h !== o);
    importing = importing.filter((h) => h !== o);
  }
  const theOwner = owner;
  if (owners.length > 1) {
    for (const h of owners) {
      if (h === theOwner) continue;
      steps.push({ kind: "give-way", node: h.name, owner: theOwner.name });
      importing = [...importing.filter((x) => x !== h), h];
      migrating = migrating.filter((x) => x !== h);
    }
  }
  if (migrating.length === 1 && importing.length === 1) {
    const [src, dst] = [migrating[0]!, importing[0]!];
    log.push(`>>> Case 1: Moving slot ${slot} from ${src.name} to ${dst.name}`);
    steps.push({ kind: "move", from: src.name, to: dst.name, cold: false });
    return { fixable: true, case: "finish-move", log, steps };
  }
  if (migrating.length === 0 && importing.length > 0) {
    log.push(`>>> Case 2: Moving all the ${slot} slot keys to its owner ${theOwner.name}`);
    for (const h of importing) {
      if (h === theOwner) continue;
      steps.push({ kind: "move", from: h.name, to: theOwner.name, cold: true }, { kind: "stable", node: h.name });
    }
    steps.push({ kind: "announce", owner: theOwner.name });
    return { fixable: true, case: "keys-to-owner", log, steps };
  }
  if (migrating.length === 1 && importing.length > 1) {
    const src = migrating[0]!;
    if (importing.every((h) => h.keys === 0)) {
      const dst = importing.find((h) => h.id === src.migratingTo);
      if (dst) {
        log.push(`>>> Case 3: Moving slot ${slot} from ${src.name} to ${dst.name} and closing it on all the other importing nodes.`);
        steps.push({ kind: "move", from: src.name, to: dst.name, cold: false });
        for (const h of importing) if (h !== dst) steps.push({ kind: "stable", node: h.name });
      } else {
        log.push(`>>> Case 3: Closing slot ${slot} on both migrating and importing nodes.`);
        for (const h of [src, ...importing]) steps.push({ kind: "stable", node: h.name });
      }
      return { fixable: true, case: "close-extra-importers", log, steps };
    }
  } else if (migrating.length === 1 && importing.length === 0) {
    const m = migrating[0]!;
    if (m === theOwner || m.keys === 0) {
      log.push(`>>> Case 4: Closing slot ${slot} on ${m.name}`);
      steps.push({ kind: "stable", node: m.name });
      return { fixable: true, case: "roll-back", log, steps };
    }
  }
  const message =
    `[ERR] Sorry, redis-cli can't fix this slot yet (work in progress). Slot is set as migrating in ` +
    `${migrating.map((h) => h.name).join(",")}, as importing in ${importing.map((h) => h.name).join(",")}, owner is ${theOwner.name}`;
  return { fixable: false, case: "unhandled", log, message };
}

export interface CoverageFix {
  slot: number;
  owner: string;
  /** Other masters holding keys of the slot: their keys move to the owner. */
  moveFrom: string[];
}

/**
 * Owners for unassigned slots: the master holding its keys (the one with the most when several
 * do, the others' keys moving to it), else the master with the fewest slots (redis-cli picks a
 * random master; fewest-first keeps the result deterministic and spreads the slots).
 */
export function planCoverage(
  uncovered: number[], keysBySlot: Map<number, { name: string; keys: number }[]>, slotCounts: Map<string, number>,
): CoverageFix[] {
  const counts = new Map(slotCounts);
  const out: CoverageFix[] = [];
  for (const slot of uncovered) {
    const holders = (keysBySlot.get(slot) ?? []).filter((h) => h.keys > 0).sort((a, b) => b.keys - a.keys);
    let owner = holders[0]?.name;
    if (owner === undefined) {
      for (const [name, n] of counts) if (owner === undefined || n < counts.get(owner)!) owner = name;
    }
    if (owner === undefined) break;
    counts.set(owner, (counts.get(owner) ?? 0) + 1);
    out.push({ slot, owner, moveFrom: holders.slice(1).map((h) => h.name) });
  }
  return out;
}
