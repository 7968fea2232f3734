/**
 * Where `cluster create --locations a,b,c` puts each node (a pure function; the gateway carries the
 * hints, src/gateway/placement.ts). Masters go round-robin over the locations; each replica goes to
 * a location other than its master's when more than one is given, the k-th replica of master m to
 * the ((m + k) mod n)-th of the others, so a master's replicas spread over different locations and
 * with as many masters as locations every location holds as many masters as replicas. Node names
 * and the replica → master pairing are create's (node-<i>; replica r follows master r mod masters).
 */
import { badLocationHint, isLocationHint, type LocationHint } from "../../src/placement/location-hint";
import { CliError } from "./cluster-context";

/** `wnam,weur,apac` → the hints; a bad, duplicate or missing one is an operator error (nothing is created). */
export function parseLocations(text: string): LocationHint[] {
  const list = text.split(",").map((s) => s.trim()).filter((s) => s !== "");
  if (list.length === 0) throw new CliError("[ERR] --locations needs at least one location hint");
  for (const l of list) if (!isLocationHint(l)) throw new CliError(`[ERR] ${badLocationHint(l)}`);
  const dup = list.find((l, i) => list.indexOf(l) !== i);
  if (dup !== undefined) throw new CliError(`[ERR] location ${dup} is given twice in --locations`);
  return list as LocationHint[];
}

/** One hint (add-node --location). */
export function parseLocation(text: string): LocationHint {
  const list = parseLocations(text);
  if (list.length !== 1) throw new CliError("[ERR] --location takes one location hint");
  return list[0]!;
}

/** Node name → location hint for a cluster of `masters` masters with `replicas` replicas each. */
export function planLocations(masters: number, replicas: number, locations: readonly LocationHint[]): Map<string, LocationHint> {
  const plan = new Map<string, LocationHint>();
  if (locations.length === 0) return plan;
  const masterAt = (m: number): LocationHint => locations[m % locations.length]!;
  for (let m = 0; m < masters; m++) plan.set(`node-${m}`, masterAt(m));
  for (let r = 0; r < masters * replicas; r++) {
    const m = r % masters;
    const k = Math.floor(r / masters);
    const others = locations.filter((l) => l !== masterAt(m));
    plan.set(`node-${masters + r}`, others.length === 0 ? masterAt(m) : others[(m + k) % others.length]!);
  }
  return plan;
}
