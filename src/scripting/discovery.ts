/**
 * Keys a script touched without declaring them, on the gateway's one-database routes: the node
 * rolls the run back and answers SCRIPTKEYS with them (scripting/run.ts); the gateway runs the
 * script again across nodes with them locked (gateway/script-keys.ts). Shared by both sides.
 */
import type { BStr } from "../resp/bytes";
import type { Reply } from "../resp/reply";

/**
 * A script on the one-database routes touched keys this node may not serve in this run (another
 * node's, or outside a cross-node run's locked keys): its run is rolled back and the gateway runs
 * it again across nodes with these keys locked too (gateway/script-keys.ts). Never reaches clients.
 */
export const SCRIPT_KEYS = "SCRIPTKEYS";

/** Refusals meaning "this key lives elsewhere" (a redirect, or outside a cross-node run's keys). */
export const UNDECLARED_KEY = "Script attempted to access a key it did not declare";
export const isElsewhere = (refusal: string): boolean =>
  refusal.startsWith("MOVED") || refusal.startsWith("ASK") || refusal.startsWith("TRYAGAIN") || refusal.startsWith(UNDECLARED_KEY);

export function scriptKeysError(keys: BStr[]): string {
  return `${SCRIPT_KEYS} ${keys.map((k) => btoa(k)).join(",")}`;
}

/** The keys of a SCRIPTKEYS error, or null for any other reply. */
export function parseScriptKeys(r: Reply): BStr[] | null {
  if (r.t !== "error" || !r.v.startsWith(`${SCRIPT_KEYS} `)) return null;
  return r.v.slice(SCRIPT_KEYS.length + 1).split(",").map((k) => atob(k));
}

