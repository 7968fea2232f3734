/**
 * The autoscaler (issue: elastic cluster): a Durable Object that the Worker's Cron Trigger calls
 * every minute. It reads each master's load, runs the policy (policy.ts), records the decision,
 * and, in mode "on", acts (actions.ts): adds a master and moves slots to it with atomic slot
 * migration, or merges the idlest master away. Off by default (AUTOSCALE_MODE); "dry-run" decides
 * and records without acting. GET /admin/autoscale (admin token) shows the decisions.
 */
import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env";
import type { NodeRpc } from "../node-rpc";
import { replicasForNewMaster } from "./replicas";
import { ClusterActions } from "./actions";
import { autoscaleConfig, decide, INITIAL_POLICY_STATE, type AutoscaleConfig, type Decision, type MasterLoad, type PolicyState } from "./policy";

/** Decisions kept (the newest). */
const LOG_MAX = 500;

export interface AutoscaleEntry {
  at: number;
  mode: string;
  action: Decision["action"];
  reason: string;
  loads: MasterLoad[];
  /** What acting did: the new master's name, "done", or the error. */
  result: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS autoscale_state (k TEXT PRIMARY KEY, v TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS autoscale_log (id INTEGER PRIMARY KEY, entry TEXT NOT NULL);`;

export class Autoscaler extends DurableObject<Env> {
  private acting = false;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec(SCHEMA);
  }

  /** One round: observe, decide, record, maybe act. `overrides` lets tests set the policy. */
  async tick(overrides: Partial<AutoscaleConfig> = {}): Promise<AutoscaleEntry | null> {
    const cfg = { ...autoscaleConfig(this.env as unknown as Record<string, string | undefined>), ...overrides };
    if (cfg.mode === "off" || this.acting) return null;
    const seed = (this.env.SEED_NODES ?? "node-0").split(",")[0]!.trim();
    const actions = new ClusterActions((name) => this.env.NODE.get(this.env.NODE.idFromName(name)) as unknown as NodeRpc, seed,
      (ms) => new Promise((r) => setTimeout(r, ms)));
    const masters = await actions.masters();
    const now = Date.now();
    const { state, decision, loads } = decide(cfg, this.state(), await actions.reports(masters), now);
    this.save(state);
    const entry: AutoscaleEntry = { at: now, mode: cfg.mode, action: decision.action, reason: decision.reason, loads, result: "" };
    if (cfg.mode === "on" && decision.action !== "none") {
      this.acting = true;
      try {
        const withReplicas = (names: string[]): string => (names.length > 0 ? ` with replicas ${names.join(", ")}` : "");
        if (decision.action === "add-master") {
          const count = replicasForNewMaster(cfg.replicas, masters.map((m) => m.id), await actions.replicas());
          const added = await actions.addMaster(masters, count);
          entry.result = `added ${added.name}${withReplicas(added.replicas)}`;
        } else {
          const victim = masters.find((m) => m.name === decision.master)!;
          const replicas = await actions.removeMaster(victim, masters.filter((m) => m !== victim));
          entry.result = `removed ${victim.name}${withReplicas(replicas)}`;
        }
      } catch (e) {
        entry.result = `failed: ${e instanceof Error ? e.message : String(e)}`;
      } finally {
        this.acting = false;
      }
    }
    this.record(entry);
    return entry;
  }

  /** The newest decisions first. */
  async log(limit = 50): Promise<AutoscaleEntry[]> {
    return this.ctx.storage.sql.exec("SELECT entry FROM autoscale_log ORDER BY id DESC LIMIT ?", Math.max(1, Math.min(limit, LOG_MAX)))
      .toArray().map((r) => JSON.parse(String(r.entry)) as AutoscaleEntry);
  }

  private state(): PolicyState {
    const row = this.ctx.storage.sql.exec("SELECT v FROM autoscale_state WHERE k = 'policy'").toArray()[0];
    return row ? (JSON.parse(String(row.v)) as PolicyState) : INITIAL_POLICY_STATE;
  }

  private save(s: PolicyState): void {
    this.ctx.storage.sql.exec("INSERT OR REPLACE INTO autoscale_state (k, v) VALUES ('policy', ?)", JSON.stringify(s));
  }

  private record(e: AutoscaleEntry): void {
    const sql = this.ctx.storage.sql;
    sql.exec("INSERT INTO autoscale_log (entry) VALUES (?)", JSON.stringify(e));
    sql.exec("DELETE FROM autoscale_log WHERE id <= (SELECT MAX(id) FROM autoscale_log) - ?", LOG_MAX);
  }
}
