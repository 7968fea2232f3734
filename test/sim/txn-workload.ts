/**
 * Simulated clients of cross-node transactions, with an isolation checker over what they see.
 *
 * - Transfers: MULTI { DECRBY a x; INCRBY b x } over accounts on different masters.
 * - Audits: MULTI { GET every account }: every audit that answers must sum to the initial total
 *   (a read of a state in between breaks it).
 * - Tokens: each client moves its own token between a key on one master and a key on another
 *   (RENAME); right after a RENAME answered OK, plain single-node reads at both owners must show
 *   the token at the destination only: a participant's keys stay locked until its commit lands,
 *   and a read waits for it. After a RENAME whose answer was lost, an atomic MULTI { EXISTS src;
 *   EXISTS dst } must find exactly one of them.
 * Half the transfers and audits are Lua scripts (EVAL with the accounts as KEYS), which run on
 * the same machinery: the script runs over the locked keys' images on the coordinator.
 * At the end every account is read at its owner: the sum must still be the total.
 */
import { keyHashSlot } from "../../src/commands/slot";
import type { BStr } from "../../src/resp/bytes";
import type { Reply } from "../../src/resp/reply";
import type { CoordinateRequest } from "../../src/node-rpc";
import { Rng } from "./rng";
import { runDiscoveredScripts } from "../../src/gateway/script-keys";
import type { Sim } from "./sim";

export const ACCOUNT_START = 100;

const TRANSFER_SCRIPT = "redis.call('DECRBY', KEYS[1], ARGV[1]) return redis.call('INCRBY', KEYS[2], ARGV[1])";
/** The same with the destination undeclared (ARGV[2]): found by a first run, locked by the next (gateway/script-keys.ts). */
const UNDECLARED_TRANSFER = "redis.call('DECRBY', KEYS[1], ARGV[1]) return redis.call('INCRBY', ARGV[2], ARGV[1])";
const AUDIT_SCRIPT = "local s = 0 for _, k in ipairs(KEYS) do s = s + tonumber(redis.call('GET', k)) end return s";

export interface TxnReport {
  transfers: number;
  committed: number;
  audits: number;
  renames: number;
  /** Transfers not committed, by the first word of their error ("lost": no answer). */
  refused: Record<string, number>;
  /** The first isolation or atomicity violation seen, or null. */
  violation: string | null;
}

interface Token {
  keys: [string, string];
  /** Where the token is (0 or 1), or null when a RENAME's outcome is unknown. */
  at: 0 | 1 | null;
}

export class TxnWorkload {
  private readonly rng: Rng;
  readonly accounts: string[];
  private readonly tokens: Token[];
  private readonly report: TxnReport = { transfers: 0, committed: 0, audits: 0, renames: 0, refused: {}, violation: null };
  private busy = new Set<number>();
  running = true;

  constructor(private readonly sim: Sim, seed: number, private readonly masters: string[], accounts = 6, clients = 4) {
    this.rng = new Rng(seed);
    this.accounts = Array.from({ length: accounts }, (_, i) => this.keyOn(masters[i % masters.length]!, `acct:${i}:`));
    this.tokens = Array.from({ length: clients }, (_, c) => {
      const a = this.keyOn(masters[c % masters.length]!, `tok:${c}:a`);
      const b = this.keyOn(masters[(c + 1) % masters.length]!, `tok:${c}:b`);
      return { keys: [a, b] as [string, string], at: 0 as const };
    });
  }

  /** A key named `prefix…` whose slot `node` owns now. */
  private keyOn(node: string, prefix: string): string {
    const st = this.sim.state(node);
    for (let i = 0; ; i++) if (st.slots[keyHashSlot(`${prefix}${i}`)]?.name === node) return `${prefix}${i}`;
  }

  /** The key's owner as a running node sees it (the client's refreshed slot map). */
  private owner(key: string): string {
    const st = this.sim.states()[0];
    return st?.slots[keyHashSlot(key)]?.name ?? this.masters[0]!;
  }

  async setup(): Promise<void> {
    for (const a of this.accounts) await this.sim.settle(this.sim.execute(this.owner(a), [["SET", a, String(ACCOUNT_START)]]));
    for (const t of this.tokens) await this.sim.settle(this.sim.execute(this.owner(t.keys[0]), [["SET", t.keys[0], "token"]]));
  }

  start(everyMs: number): void {
    this.sim.every(everyMs, () => {
      const c = this.rng.int(this.tokens.length);
      if (this.busy.has(c)) return;
      this.busy.add(c);
      void this.operate(c).finally(() => this.busy.delete(c));
    }, () => this.running);
  }

  stop(): void {
    this.running = false;
  }

  get idle(): boolean {
    return this.busy.size === 0;
  }

  private violation(why: string): void {
    this.report.violation ??= `${why} (t=${this.sim.now})`;
  }

  private async coordinate(cmds: BStr[][]): Promise<Reply | null> {
    const first = cmds.find((c) => c.length > 1)?.[1] ?? this.accounts[0]!;
    const req: CoordinateRequest = { cmds, multi: true };
    try {
      // As the gateway's one-database routes call it (a script may then touch several slots).
      return await this.sim.invoke(this.owner(first), (rt) => rt.coordinate(req, { resp: 2, oneDatabase: true }));
    } catch {
      return null; // lost: the outcome is unknown
    }
  }

  private async operate(c: number): Promise<void> {
    const roll = this.rng.next();
    if (roll < 0.45) await this.transfer();
    else if (roll < 0.75) await this.audit();
    else await this.moveToken(this.tokens[c]!);
  }

  private async transfer(): Promise<void> {
    const a = this.rng.pick(this.accounts);
    const b = this.rng.pick(this.accounts.filter((x) => x !== a));
    const amount = String(1 + this.rng.int(20));
    this.report.transfers++;
    const roll = this.rng.next();
    const r = roll < 0.25 ? await this.undeclared(a, b, amount)
      : await this.coordinate(roll < 0.5 ? [["EVAL", TRANSFER_SCRIPT, "2", a, b, amount]] : [["DECRBY", a, amount], ["INCRBY", b, amount]]);
    if (r?.t === "array" && r.v.every((x) => x.t === "int")) this.report.committed++;
    else {
      const why = r === null ? "lost" : r.t === "error" ? r.v.split(" ")[0]! : r.t;
      this.report.refused[why] = (this.report.refused[why] ?? 0) + 1;
    }
  }

  /** A script with an undeclared key, as the gateway runs it: on the owner of its key, then again across nodes. */
  private async undeclared(a: string, b: string, amount: string): Promise<Reply | null> {
    const cmds = [["EVAL", UNDECLARED_TRANSFER, "1", a, amount, b]];
    const conn = { resp: 2 as const, oneDatabase: true, retriesScripts: true };
    const call = async (extraKeys?: BStr[]): Promise<Reply> => {
      const req: CoordinateRequest = { cmds, multi: false, extraKeys };
      return this.sim.invoke(this.owner(extraKeys?.[0] ?? a), (rt) => rt.coordinate(req, conn));
    };
    try {
      const replies = [await call()];
      await runDiscoveredScripts(cmds, replies, (_argv, extra) => call(extra));
      return replies[0]!.t === "int" ? { t: "array", v: replies } : replies[0]!;
    } catch {
      return null; // lost: the outcome is unknown
    }
  }

  private async audit(): Promise<void> {
    const script = this.rng.next() < 0.5;
    const r = await this.coordinate(script ? [["EVAL", AUDIT_SCRIPT, String(this.accounts.length), ...this.accounts]] : this.accounts.map((a) => ["GET", a]));
    if (r?.t !== "array") return;
    if (script && r.v[0]?.t === "error") return this.violation(`audit script failed: ${r.v[0].v}`);
    this.report.audits++;
    const sum = script ? Number((r.v[0] as { v: number }).v) : r.v.reduce((n, x) => n + (x.t === "bulk" ? Number(x.v) : NaN), 0);
    if (sum !== ACCOUNT_START * this.accounts.length) this.violation(`audit summed to ${sum}: ${JSON.stringify(r.v)}`);
  }

  private async moveToken(t: Token): Promise<void> {
    if (t.at === null) {
      const r = await this.coordinate([["EXISTS", t.keys[0]], ["EXISTS", t.keys[1]]]);
      if (r?.t !== "array") return;
      const [x, y] = r.v.map((e) => (e.t === "int" ? Number(e.v) : -1));
      if (x! + y! !== 1) this.violation(`token ${t.keys[0]} found ${x} + ${y} times`);
      t.at = x === 1 ? 0 : 1;
      return;
    }
    const [src, dst] = t.at === 0 ? t.keys : [t.keys[1], t.keys[0]];
    const r = await this.coordinate([["RENAME", src, dst]]);
    this.report.renames++;
    if (r?.t !== "array" || r.v[0]?.t !== "simple") {
      t.at = null;
      return;
    }
    t.at = t.at === 0 ? 1 : 0;
    // Read your write, at each owner with a plain command.
    const [atDst, atSrc] = await Promise.all([this.exists(dst), this.exists(src)]);
    if (atDst === 0 || atSrc === 1) this.violation(`after RENAME ${src} ${dst} answered OK, EXISTS said ${atSrc} at the source and ${atDst} at the destination`);
  }

  private async exists(key: string): Promise<number | null> {
    try {
      const [r] = await this.sim.execute(this.owner(key), [["EXISTS", key]]);
      return r?.t === "int" ? Number(r.v) : null;
    } catch {
      return null;
    }
  }

  /** After the runs: the accounts read at their owners still sum to the total. */
  async final(): Promise<TxnReport> {
    let sum = 0;
    for (const a of this.accounts) {
      const out = await this.sim.settle(this.sim.execute(this.owner(a), [["GET", a]]));
      const r = out.ok ? out.value[0] : undefined;
      sum += r?.t === "bulk" ? Number(r.v) : NaN;
    }
    if (sum !== ACCOUNT_START * this.accounts.length) this.violation(`final accounts sum to ${sum}`);
    return this.report;
  }
}
