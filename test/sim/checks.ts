/**
 * Checkers: they observe the simulated cluster and never steer it. Each returns a description
 * of the first problem found, or null.
 */
import { CLUSTER_SLOTS } from "../../src/commands/slot";
import { NodeFlag, type ClusterNode, type ClusterState } from "../../src/cluster";

/** What the checkers read of the simulator: the running nodes' cluster states, and every node's name. */
interface Observed {
  states(): ClusterState[];
  names(): string[];
}

const TROUBLE = NodeFlag.HANDSHAKE | NodeFlag.NOADDR | NodeFlag.PFAIL | NodeFlag.FAIL;

interface Truth {
  name: string;
  master: boolean;
  slaveof: string | null;
  configEpoch: number;
}

const isMasterNode = (n: ClusterNode): boolean => (n.flags & NodeFlag.MASTER) !== 0;
const bit = (b: Uint8Array, j: number): boolean => (b[j >> 3]! & (1 << (j & 7))) !== 0;

/** Each node as it sees itself. */
function truths(states: ClusterState[]): Map<string, Truth> {
  const out = new Map<string, Truth>();
  for (const st of states) {
    const me = st.myself;
    out.set(me.id, { name: me.name, master: isMasterNode(me), slaveof: me.slaveof?.id ?? null, configEpoch: me.configEpoch });
  }
  return out;
}

/** Does every view agree with every node's own idea of itself? */
function membershipProblem(st: ClusterState, truth: Map<string, Truth>): string | null {
  const who = st.myself.name;
  if (st.nodes.size !== truth.size) return `${who} knows ${st.nodes.size} nodes, the cluster has ${truth.size}`;
  for (const n of st.nodes.values()) {
    const t = truth.get(n.id);
    if (!t) return `${who} knows an unknown node ${n.id} (${n.name})`;
    if (n.flags & TROUBLE) return `${who} sees ${t.name} with flags ${n.flags}`;
    if (isMasterNode(n) !== t.master) return `${who} sees ${t.name} as ${isMasterNode(n) ? "master" : "replica"}`;
    if ((n.slaveof?.id ?? null) !== t.slaveof) return `${who} has a wrong master for ${t.name}`;
    if (t.master && n.configEpoch !== t.configEpoch) {
      return `${who} sees configEpoch ${n.configEpoch} for ${t.name}, which has ${t.configEpoch}`;
    }
  }
  return null;
}

/** Full membership, the same roles and epochs everywhere, one slot map that owners confirm. */
export function convergenceProblem(sim: Observed): string | null {
  const states = sim.states();
  if (states.length !== sim.names().length) return "some nodes are down";
  const truth = truths(states);
  for (const st of states) {
    const p = membershipProblem(st, truth);
    if (p) return p;
  }
  const ref = states[0]!;
  for (let j = 0; j < CLUSTER_SLOTS; j++) {
    const owner = ref.slots[j]?.id ?? null;
    for (const st of states) {
      if ((st.slots[j]?.id ?? null) !== owner) return `slot ${j}: ${ref.myself.name} and ${st.myself.name} disagree on its owner`;
    }
    const claimer = owner === null ? undefined : states.find((s) => s.myself.id === owner);
    if (claimer && !bit(claimer.myself.slots, j)) return `slot ${j}: its owner ${claimer.myself.name} does not claim it`;
  }
  return null;
}

/** No slot claimed by two masters with the same configEpoch; slot-owning masters' epochs differ. */
export function safetyProblem(sim: Observed): string | null {
  const owners = slotOwners(sim);
  const epochs = new Map<number, string>();
  for (const s of owners) {
    const other = epochs.get(s.myself.configEpoch);
    if (other) return `masters ${other} and ${s.myself.name} share configEpoch ${s.myself.configEpoch}`;
    epochs.set(s.myself.configEpoch, s.myself.name);
  }
  return slotSafetyProblem(sim);
}

/**
 * The invariant that must hold at every instant, faults or not: no slot is claimed by two masters
 * with the same configEpoch (equal epochs on different slots are a transient collision that the
 * collision rule repairs; on one slot nobody could tell the rightful owner).
 */
export function slotSafetyProblem(sim: Observed): string | null {
  const owners = slotOwners(sim);
  for (let j = 0; j < CLUSTER_SLOTS; j++) {
    const claims = owners.filter((s) => bit(s.myself.slots, j));
    for (let a = 0; a < claims.length; a++) {
      for (let b = a + 1; b < claims.length; b++) {
        if (claims[a]!.myself.configEpoch === claims[b]!.myself.configEpoch) {
          return `slot ${j} claimed by ${claims[a]!.myself.name} and ${claims[b]!.myself.name} with the same configEpoch`;
        }
      }
    }
  }
  return null;
}

function slotOwners(sim: Observed): ClusterState[] {
  return sim.states().filter((s) => isMasterNode(s.myself) && s.myself.numSlots > 0);
}

/** Every node reports cluster_state:ok. */
export function allOk(sim: Observed): boolean {
  return sim.states().every((s) => s.state === "ok");
}

/** The core's own invariant, checked on every running node: slot table ⇔ node bitmaps. */
export function tableProblem(sim: Observed): string | null {
  for (const st of sim.states()) {
    const counts = new Map<ClusterNode, number>();
    for (let j = 0; j < CLUSTER_SLOTS; j++) {
      const owner = st.slots[j];
      if (owner && !bit(owner.slots, j)) return `${st.myself.name}: slot ${j} bound to ${owner.name} without its bit`;
      if (owner) counts.set(owner, (counts.get(owner) ?? 0) + 1);
      for (const n of st.nodes.values()) {
        if (n !== owner && bit(n.slots, j)) return `${st.myself.name}: ${n.name} has bit ${j} but does not own it`;
      }
    }
    for (const n of st.nodes.values()) {
      if (n.numSlots !== (counts.get(n) ?? 0)) return `${st.myself.name}: numSlots of ${n.name} is wrong`;
    }
  }
  return null;
}
