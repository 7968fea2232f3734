/**
 * Client-side caching, per connection (Redis 7.0's CLIENT TRACKING / CACHING / GETREDIR /
 * TRACKINGINFO, networking.c and tracking.c): the tracking mode a connection chose and the
 * replies of those subcommands. Pure: the gateway's connection owns one `TrackingOptions` and
 * acts on what `tracking` returns (subscribe to its invalidations, or drop them).
 *
 * What the node needs per command is `connField`: the connection's invalidation id, and whether
 * the command's keys are to be remembered (default mode; OPTIN after CLIENT CACHING YES; OPTOUT
 * unless CLIENT CACHING NO).
 */
import type { BStr } from "../resp/bytes";
import { arr, bulk, ERR, error, int, map, OK, type Reply } from "../resp/reply";
import { toInt } from "../commands/args";
import type { TrackingConn } from "./message";

const eq = (a: BStr, b: string): boolean => a.length === b.length && a.toLowerCase() === b;

/** What CLIENT TRACKING asked for. */
export interface TrackingRequest {
  on: boolean;
  redirect: number;
  bcast: boolean;
  optin: boolean;
  optout: boolean;
  noloop: boolean;
  prefixes: BStr[];
}

/** Whether another connection with `id` exists (REDIRECT's check). */
export type ClientExists = (id: number) => boolean;

export class TrackingOptions {
  on = false;
  bcast = false;
  optin = false;
  optout = false;
  noloop = false;
  /** CLIENT CACHING YES (OPTIN) / NO (OPTOUT) given for the next command or transaction. */
  caching = false;
  /** The redirect target's client id; 0 for none. */
  redirect = 0;
  /** The redirect target went away (Redis's CLIENT_TRACKING_BROKEN_REDIR). */
  brokenRedirect = false;
  /** BCAST prefixes, in byte order ("" alone: every key). */
  prefixes: BStr[] = [];

  /** The id the nodes publish this connection's invalidations under (tracking/message.ts). */
  constructor(readonly id: string) {}

  /** Whether the keys of the command about to run are remembered by the nodes. */
  get remembersReads(): boolean {
    if (!this.on || this.bcast) return false;
    if (this.optin) return this.caching;
    if (this.optout) return !this.caching;
    return true;
  }

  /** What the node is told with each command (ConnState.tracking); undefined when off. */
  connField(): TrackingConn | undefined {
    if (!this.on) return undefined;
    return this.bcast ? { id: this.id, reads: false, bcast: this.prefixes } : { id: this.id, reads: this.remembersReads };
  }

  /** After a command other than CLIENT, outside MULTI: CACHING applied to that one only. */
  commandDone(): void {
    this.caching = false;
  }

  /**
   * CLIENT TRACKING ON|OFF ...: the error reply, or the accepted request (already applied).
   * Redis's checks in its order: the options' syntax and REDIRECT, then (ON only) PREFIX without
   * BCAST, a BCAST switch, OPTIN/OPTOUT with BCAST, both, a switch between them, prefix overlaps.
   */
  tracking(argv: BStr[], exists: ClientExists): Reply | TrackingRequest {
    const req: TrackingRequest = { on: false, redirect: 0, bcast: false, optin: false, optout: false, noloop: false, prefixes: [] };
    for (let j = 3; j < argv.length; j++) {
      const more = argv.length - 1 - j;
      const opt = argv[j]!;
      if (eq(opt, "redirect") && more > 0) {
        j++;
        if (req.redirect !== 0) return error("ERR A client can only redirect to a single other client");
        const id = toInt(argv[j]!);
        if (id === null) return error(ERR.notInteger);
        if (!exists(id)) return error("ERR The client ID you want redirect to does not exist");
        req.redirect = id;
      } else if (eq(opt, "bcast")) req.bcast = true;
      else if (eq(opt, "optin")) req.optin = true;
      else if (eq(opt, "optout")) req.optout = true;
      else if (eq(opt, "noloop")) req.noloop = true;
      else if (eq(opt, "prefix") && more > 0) req.prefixes.push(argv[++j]!);
      else return error(ERR.syntax);
    }
    if (eq(argv[2]!, "off")) {
      this.disable();
      return req;
    }
    if (!eq(argv[2]!, "on")) return error(ERR.syntax);
    req.on = true;
    if (!req.bcast && req.prefixes.length > 0) return error("ERR PREFIX option requires BCAST mode to be enabled");
    if (this.on && this.bcast !== req.bcast) {
      return error("ERR You can't switch BCAST mode on/off before disabling tracking for this client, and then re-enabling it with a different mode.");
    }
    if (req.bcast && (req.optin || req.optout)) return error("ERR OPTIN and OPTOUT are not compatible with BCAST");
    if (req.optin && req.optout) return error("ERR You can't specify both OPTIN mode and OPTOUT mode");
    if ((req.optin && this.optout) || (req.optout && this.optin)) {
      return error("ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for this client, and then re-enabling it with a different mode.");
    }
    if (req.bcast) {
      const clash = prefixCollision(this.bcast ? this.prefixes : [], req.prefixes);
      if (clash) return error(clash);
    }
    this.enable(req);
    return req;
  }

  private enable(req: TrackingRequest): void {
    this.on = true;
    this.brokenRedirect = false;
    this.bcast = req.bcast;
    this.optin = req.optin;
    this.optout = req.optout;
    this.noloop = req.noloop;
    this.redirect = req.redirect;
    if (req.bcast) {
      // BCAST adds prefixes to the ones it had; none at all means every key ("").
      const all = new Set(this.prefixes);
      for (const p of req.prefixes.length > 0 ? req.prefixes : [""]) all.add(p);
      this.prefixes = [...all].sort(byBytes);
    }
  }

  /** CLIENT TRACKING OFF, RESET, or the redirect's client closed. */
  disable(): void {
    this.on = this.bcast = this.optin = this.optout = this.noloop = this.caching = this.brokenRedirect = false;
    this.redirect = 0;
    this.prefixes = [];
  }

  /** CLIENT CACHING YES|NO. */
  cachingCommand(arg: BStr): Reply {
    if (!this.on) return error("ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled");
    if (eq(arg, "yes")) {
      if (!this.optin) return error("ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.");
    } else if (eq(arg, "no")) {
      if (!this.optout) return error("ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.");
    } else {
      return error(ERR.syntax);
    }
    this.caching = true;
    return OK;
  }

  /** CLIENT GETREDIR. */
  getredir(): Reply {
    return int(this.on ? this.redirect : -1);
  }

  /** CLIENT TRACKINGINFO. */
  info(): Reply {
    const flags = [this.on ? "on" : "off"];
    if (this.bcast) flags.push("bcast");
    if (this.optin) flags.push("optin", ...(this.caching ? ["caching-yes"] : []));
    if (this.optout) flags.push("optout", ...(this.caching ? ["caching-no"] : []));
    if (this.noloop) flags.push("noloop");
    if (this.brokenRedirect) flags.push("broken_redirect");
    return map([
      [bulk("flags"), { t: "set", v: flags.map((f) => bulk(f)) }],
      [bulk("redirect"), int(this.on ? this.redirect : -1)],
      [bulk("prefixes"), arr(this.prefixes.map((p) => bulk(p)))],
    ]);
  }

  /** CLIENT LIST / INFO: the flag letters for tracking (t, R, B) and the redir field. */
  listInfo(): { flags: string; redir: number } {
    return { flags: (this.on ? "t" : "") + (this.brokenRedirect ? "R" : "") + (this.bcast ? "B" : ""), redir: this.on ? this.redirect : -1 };
  }
}

const byBytes = (a: BStr, b: BStr): number => (a < b ? -1 : a > b ? 1 : 0);

/** Two prefixes overlap when one starts the other. */
const overlaps = (a: BStr, b: BStr): boolean => a.startsWith(b) || b.startsWith(a);

/** checkPrefixCollisionsOrReply: the error text for the first overlap, or null. */
export function prefixCollision(existing: BStr[], given: BStr[]): string | null {
  for (let i = 0; i < given.length; i++) {
    for (const old of existing) {
      if (overlaps(old, given[i]!)) {
        return `ERR Prefix '${given[i]}' overlaps with an existing prefix '${old}'. Prefixes for a single client must not overlap.`;
      }
    }
    for (let j = i + 1; j < given.length; j++) {
      if (overlaps(given[i]!, given[j]!)) {
        return `ERR Prefix '${given[i]}' overlaps with another provided prefix '${given[j]}'. Prefixes for a single client must not overlap.`;
      }
    }
  }
  return null;
}
