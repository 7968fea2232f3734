/**
 * CONFIG GET/SET over Redis 7.0's parameter table (config/table.ts): names and aliases, kinds,
 * bounds and error texts as config.c has them. Defaults come from the table, then the Worker's
 * [vars] (wrangler.toml), then what CONFIG SET stored (persisted by the node).
 */
import { ReplyError } from "../resp/reply";
import { globMatch } from "../keyspace/glob";
import { formatNotifyFlags } from "../pubsub/notify";
import type { Env } from "../env";
import { enumName, formatNum, parseBool, parseEnum, parseNum, type ParseResult, type Parsed } from "./config/kinds";
import { PARAMS, type ParamDef } from "./config/table";

/** Name or alias (lower case) → its definition. */
const BY_NAME = new Map<string, ParamDef>();
for (const p of PARAMS) {
  BY_NAME.set(p.name, p);
  if (p.alias) BY_NAME.set(p.alias, p);
}
/** Every name and alias, in the table's order (CONFIG GET's order for patterns). */
const ALL_NAMES: readonly string[] = PARAMS.flatMap((p) => (p.alias ? [p.name, p.alias] : [p.name]));

const ACTIVE_DEFRAG_UNAVAILABLE =
  "Active defragmentation cannot be enabled: it requires a Redis server compiled with a modified Jemalloc like the one shipped by default with the Redis source distribution";

export function lookupParam(name: string): ParamDef | undefined {
  return BY_NAME.get(name.toLowerCase());
}

function defaultOf(p: ParamDef): Parsed {
  const k = p.kind;
  switch (k.t) {
    case "bool": return { text: k.def ? "yes" : "no", num: k.def ? 1 : 0 };
    case "num": return { text: formatNum(k, k.def), num: Number(k.def) };
    case "enum": return { text: enumName(k, k.def), num: k.def };
    case "string": return { text: k.def, num: 0 };
    case "special": return k.parse(k.def, k.def) as Parsed;
  }
}

/** The value `raw` would give `p` (current: its value now, for parameters set in parts). */
function parseFor(p: ParamDef, raw: string, current: string): ParseResult {
  const k = p.kind;
  switch (k.t) {
    case "bool": {
      const r = parseBool(raw);
      if (p.name === "activedefrag" && "num" in r && r.num === 1) return { err: ACTIVE_DEFRAG_UNAVAILABLE };
      return r;
    }
    case "num": return parseNum(k, raw);
    case "enum": return parseEnum(k, raw);
    case "string": {
      const bad = k.validate?.(raw);
      return bad ? { err: bad } : { text: raw, num: 0 };
    }
    case "special": return k.parse(raw, current);
  }
}

export class NodeConfig {
  private readonly values = new Map<string, Parsed>();
  /** Parameters CONFIG SET changed (persisted as their CONFIG GET text). */
  private readonly changed = new Set<string>();

  constructor(env: Partial<Env>, persisted: Record<string, number | string> = {}) {
    for (const p of PARAMS) {
      let v = defaultOf(p);
      const fromEnv = p.envVar ? env[p.envVar] : undefined;
      if (typeof fromEnv === "string" && fromEnv !== "") {
        const r = parseFor(p, fromEnv, v.text);
        if ("text" in r) v = r;
      }
      this.values.set(p.name, v);
    }
    for (const [name, stored] of Object.entries(persisted)) {
      const p = BY_NAME.get(name);
      if (!p) continue;
      const r = parseFor(p, legacyText(p, stored), this.values.get(p.name)!.text);
      if ("text" in r) {
        this.values.set(p.name, r);
        this.changed.add(p.name);
      }
    }
  }

  /** The number the node reads: integers, bools as 1/0, enums' values, notify-keyspace-events' flags. */
  get(name: string): number {
    const v = this.values.get(name);
    if (!v) throw new Error(`no such config parameter: ${name}`);
    return v.num;
  }

  /** The CONFIG GET text of a parameter. */
  text(name: string): string {
    return this.values.get(lookupParam(name)?.name ?? name)?.text ?? "";
  }

  /**
   * CONFIG GET pattern...: a name without glob characters is looked up (and answered under the
   * name as given); a pattern matches every name and alias, hidden parameters excepted.
   */
  match(patterns: string[]): [string, string][] {
    const out = new Map<string, string>();
    for (const pat of patterns) {
      if (!/[[*?]/.test(pat)) {
        const p = lookupParam(pat);
        if (p && !out.has(pat)) out.set(pat, this.values.get(p.name)!.text);
        continue;
      }
      for (const name of ALL_NAMES) {
        const p = BY_NAME.get(name)!;
        if (p.flags?.includes("hidden") || out.has(name)) continue;
        if (globMatch(pat.toLowerCase(), name)) out.set(name, this.values.get(p.name)!.text);
      }
    }
    return [...out];
  }

  /**
   * CONFIG SET name value [name value ...]: all or nothing, configSetCommand's checks and texts.
   * An alias is its own entry (as in config.c): naming a parameter and its alias is no duplicate,
   * and a value error names the entry used.
   */
  set(pairs: [string, string][]): void {
    const fail = (arg: string, why: string): never => {
      throw new ReplyError(`ERR CONFIG SET failed (possibly related to argument '${arg}') - ${why}`);
    };
    const entries: { p: ParamDef; entry: string }[] = [];
    let refusal: [string, string] | null = null;
    for (const [name] of pairs) {
      const p = lookupParam(name);
      if (!p) throw new ReplyError(`ERR Unknown option or number of arguments for CONFIG SET - '${name}'`);
      if (refusal) continue;
      const entry = name.toLowerCase();
      if (p.flags?.includes("immutable")) refusal = [name, "can't set immutable config"];
      else if (p.flags?.includes("protected")) refusal = [name, "can't set protected config"];
      else if (entries.some((e) => e.entry === entry)) refusal = [name, "duplicate parameter"];
      entries.push({ p, entry });
    }
    if (refusal) fail(...refusal);
    const next = new Map<string, Parsed>();
    entries.forEach(({ p, entry }, i) => {
      const r = parseFor(p, pairs[i]![1], next.get(p.name)?.text ?? this.values.get(p.name)!.text);
      if ("err" in r) fail(entry, r.err);
      else next.set(p.name, r);
    });
    for (const [name, v] of next) {
      this.values.set(name, v);
      this.changed.add(name);
    }
  }

  /** What CONFIG SET changed, for persistence (CONFIG GET texts). */
  snapshot(): Record<string, string> {
    return Object.fromEntries([...this.changed].map((n) => [n, this.values.get(n)!.text]));
  }
}

/** Earlier versions persisted numbers (bools as 1/0, notify-keyspace-events as flag bits). */
function legacyText(p: ParamDef, stored: number | string): string {
  if (typeof stored === "string") return stored;
  if (p.kind.t === "bool") return stored ? "yes" : "no";
  if (p.name === "notify-keyspace-events") return formatNotifyFlags(stored);
  return String(stored);
}
