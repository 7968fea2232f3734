/**
 * The node's record of its placement (src/placement/location-hint.ts): the first location hint it
 * was given and whether that request created the object. Kept in the runtime's `meta` table; later
 * hints change nothing (the object cannot move), so the record says where the object was placed.
 */
import type { Placement, LocationHint } from "../placement/location-hint";
import type { SqlPort } from "./ports";

const KEY = "placement";

export class PlacementRecord {
  constructor(private readonly sql: SqlPort) {}

  get(): Placement | null {
    const row = this.sql.exec("SELECT v FROM meta WHERE k = ?", KEY).toArray()[0];
    return row ? (JSON.parse(row.v as string) as Placement) : null;
  }

  /** Records `hint` unless a placement is already recorded; returns the record that stands. */
  record(hint: LocationHint, firstAccess: boolean, now: number): Placement {
    const existing = this.get();
    if (existing) return existing;
    const p: Placement = { hint, firstAccess, at: now };
    this.sql.exec("INSERT INTO meta (k, v) VALUES (?, ?)", KEY, JSON.stringify(p));
    return p;
  }
}
