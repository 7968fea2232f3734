/**
 * The autoscaling policy, pure: from what each master reported (its command count and stored
 * bytes) at each tick, decide whether the cluster should grow by a master, shrink by one, or stay.
 * A master is hot past `upOpsPerSec` or `upBytes`; the cluster is cold when every master is under
 * `downOpsPerSec` and `downBytes`. Either must hold for `sustainMs` in a row, outside the
 * `cooldownMs` after the last action, within [minMasters, maxMasters].
 */

export type AutoscaleMode = "off" | "dry-run" | "on";

export interface AutoscaleConfig {
  mode: AutoscaleMode;
  minMasters: number;
  maxMasters: number;
  upOpsPerSec: number;
  upBytes: number;
  downOpsPerSec: number;
  downBytes: number;
  sustainMs: number;
  cooldownMs: number;
  /** Replicas given to a master it adds; null: as many as most masters have (autoscale/replicas.ts). */
  replicas: number | null;
}

/** Defaults: a Durable Object's soft limit is about 1000 requests/s; its SQLite holds 10 GB. */
export const DEFAULT_AUTOSCALE: AutoscaleConfig = {
  mode: "off", minMasters: 3, maxMasters: 8,
  upOpsPerSec: 600, upBytes: 4 * 1024 ** 3, downOpsPerSec: 50, downBytes: 512 * 1024 ** 2,
  sustainMs: 5 * 60_000, cooldownMs: 10 * 60_000, replicas: null,
};

/** One master's report at one tick. */
export interface MasterReport {
  name: string;
  /** INFO total_commands_processed (cumulative). */
  commands: number;
  /** INFO used_memory (its SQLite database size). */
  bytes: number;
}

export interface MasterLoad {
  name: string;
  opsPerSec: number;
  bytes: number;
}

export interface PolicyState {
  /** The previous tick's reports, to turn cumulative counts into rates. */
  last: { at: number; reports: MasterReport[] } | null;
  hotSince: number | null;
  coldSince: number | null;
  lastActionAt: number | null;
}

export const INITIAL_POLICY_STATE: PolicyState = { last: null, hotSince: null, coldSince: null, lastActionAt: null };

export type Decision =
  | { action: "none"; reason: string }
  | { action: "add-master"; reason: string }
  | { action: "remove-master"; master: string; reason: string };

/** The rates since the previous tick (a master new or restarted since then has none yet). */
export function loads(prev: PolicyState["last"], reports: MasterReport[], now: number): MasterLoad[] {
  return reports.flatMap((r) => {
    const before = prev?.reports.find((p) => p.name === r.name);
    const dt = prev ? (now - prev.at) / 1000 : 0;
    if (!before || dt <= 0 || r.commands < before.commands) return [];
    return [{ name: r.name, opsPerSec: (r.commands - before.commands) / dt, bytes: r.bytes }];
  });
}

const fmt = (l: MasterLoad): string => `${l.name} ${Math.round(l.opsPerSec)} ops/s ${Math.round(l.bytes / 1024 / 1024)} MiB`;

export function decide(cfg: AutoscaleConfig, s0: PolicyState, reports: MasterReport[], now: number): { state: PolicyState; decision: Decision; loads: MasterLoad[] } {
  const ls = loads(s0.last, reports, now);
  const state: PolicyState = { ...s0, last: { at: now, reports } };
  const none = (reason: string) => ({ state, decision: { action: "none" as const, reason }, loads: ls });
  if (ls.length === 0 || ls.length < reports.length) {
    state.hotSince = state.coldSince = null;
    return none("measuring: rates need two reports from every master");
  }
  const hot = ls.filter((l) => l.opsPerSec > cfg.upOpsPerSec || l.bytes > cfg.upBytes);
  const cold = ls.every((l) => l.opsPerSec < cfg.downOpsPerSec && l.bytes < cfg.downBytes);
  state.hotSince = hot.length > 0 ? (s0.hotSince ?? now) : null;
  state.coldSince = cold ? (s0.coldSince ?? now) : null;
  const cooling = s0.lastActionAt !== null && now - s0.lastActionAt < cfg.cooldownMs;
  if (hot.length > 0) {
    const why = `hot: ${hot.map(fmt).join(", ")} (over ${cfg.upOpsPerSec} ops/s or ${Math.round(cfg.upBytes / 1024 / 1024)} MiB)`;
    if (now - state.hotSince! < cfg.sustainMs) return none(`${why} for ${Math.round((now - state.hotSince!) / 1000)} s of ${cfg.sustainMs / 1000} s`);
    if (ls.length >= cfg.maxMasters) return none(`${why}, but already ${ls.length} masters (max ${cfg.maxMasters})`);
    if (cooling) return none(`${why}, cooling down after the last action`);
    state.lastActionAt = now;
    state.hotSince = null;
    return { state, decision: { action: "add-master", reason: `${why} for ${cfg.sustainMs / 1000} s` }, loads: ls };
  }
  if (cold) {
    const why = `cold: every master under ${cfg.downOpsPerSec} ops/s and ${Math.round(cfg.downBytes / 1024 / 1024)} MiB`;
    if (now - state.coldSince! < cfg.sustainMs) return none(`${why} for ${Math.round((now - state.coldSince!) / 1000)} s of ${cfg.sustainMs / 1000} s`);
    if (ls.length <= cfg.minMasters) return none(`${why}, but only ${ls.length} masters (min ${cfg.minMasters})`);
    if (cooling) return none(`${why}, cooling down after the last action`);
    const idlest = [...ls].sort((a, b) => a.opsPerSec - b.opsPerSec || a.bytes - b.bytes)[0]!;
    state.lastActionAt = now;
    state.coldSince = null;
    return { state, decision: { action: "remove-master", master: idlest.name, reason: `${why} for ${cfg.sustainMs / 1000} s; ${fmt(idlest)} is the idlest` }, loads: ls };
  }
  return none(`steady: ${ls.map(fmt).join(", ")}`);
}

/** The policy from the Worker's vars (AUTOSCALE_MODE, AUTOSCALE_MAX_MASTERS, ...); unset ones keep their default. */
export function autoscaleConfig(vars: Record<string, string | undefined>): AutoscaleConfig {
  const num = (name: string, def: number): number => {
    const v = Number(vars[name]);
    return vars[name] !== undefined && Number.isFinite(v) && v >= 0 ? v : def;
  };
  const mode = vars.AUTOSCALE_MODE;
  const d = DEFAULT_AUTOSCALE;
  return {
    mode: mode === "on" || mode === "dry-run" ? mode : "off",
    minMasters: num("AUTOSCALE_MIN_MASTERS", d.minMasters),
    maxMasters: num("AUTOSCALE_MAX_MASTERS", d.maxMasters),
    upOpsPerSec: num("AUTOSCALE_UP_OPS_PER_SEC", d.upOpsPerSec),
    upBytes: num("AUTOSCALE_UP_BYTES", d.upBytes),
    downOpsPerSec: num("AUTOSCALE_DOWN_OPS_PER_SEC", d.downOpsPerSec),
    downBytes: num("AUTOSCALE_DOWN_BYTES", d.downBytes),
    sustainMs: num("AUTOSCALE_SUSTAIN_MS", d.sustainMs),
    cooldownMs: num("AUTOSCALE_COOLDOWN_MS", d.cooldownMs),
    replicas: vars.AUTOSCALE_REPLICAS === undefined || vars.AUTOSCALE_REPLICAS === "" ? d.replicas : Math.floor(num("AUTOSCALE_REPLICAS", 0)),
  };
}
