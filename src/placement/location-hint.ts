/**
 * Durable Object location hints: where a node's object is created. `NODE.get(id, { locationHint })`
 * only matters on the object's first access ever; afterwards the object stays where it is (a hint
 * cannot move it), and it is a hint, not a guarantee. The gateway carries an operator's hint from
 * the `x-location-hint` header of an admin `/node/<name>` request to that first access, and the
 * node records it (INFO server `location_hint`). See docs/deploy.md for the trade-offs.
 */

/**
 * The hints Cloudflare documents (https://developers.cloudflare.com/durable-objects/reference/data-location/,
 * read 2026-12): western/eastern North America, South America, western/eastern Europe, Asia-Pacific,
 * Oceania, Africa, Middle East.
 */
export const LOCATION_HINTS = ["wnam", "enam", "sam", "weur", "eeur", "apac", "oc", "afr", "me"] as const satisfies readonly DurableObjectLocationHint[];

export type LocationHint = (typeof LOCATION_HINTS)[number];

/** The admin request header that carries a hint to a node's first access. */
export const LOCATION_HINT_HEADER = "x-location-hint";

export const isLocationHint = (s: string): s is LocationHint => (LOCATION_HINTS as readonly string[]).includes(s);

/** The error for a bad hint, Redis-style. */
export const badLocationHint = (s: string): string =>
  `ERR invalid location hint '${s.slice(0, 40)}': expected one of ${LOCATION_HINTS.join(", ")}`;

/** What a node recorded of its placement. */
export interface Placement {
  hint: LocationHint;
  /**
   * The hinted request was the object's first access ever (fresh storage, nothing served before it in
   * this instance): the hint was in time to choose where the object lives. False: it came too late.
   */
  firstAccess: boolean;
  /** When it was recorded (ms since the epoch). */
  at: number;
}
