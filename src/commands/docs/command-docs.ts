/**
 * Redis 7.0's command metadata (redis-7.0.json, generated from Redis's command JSON files by
 * scripts/gen-command-docs.ts) as COMMAND DOCS, INFO and GETKEYSANDFLAGS reply it: documentation,
 * tips, key specs, and the subcommands' own rows. Pure functions of the data.
 */
import type { BStr } from "../../resp/bytes";
import { arr, bulk, int, map, simple, type Reply } from "../../resp/reply";
import DATA from "./redis-7.0.json";

interface KeySpec {
  notes?: string;
  flags: string[];
  begin_search: { index?: { pos: number }; keyword?: { keyword: string; startfrom: number }; unknown?: null };
  find_keys: { range?: { lastkey: number; step: number; limit: number }; keynum?: { keynumidx: number; firstkey: number; step: number }; unknown?: null };
}

interface Arg {
  name: string;
  type: string;
  key_spec_index?: number;
  token?: string;
  summary?: string;
  since?: string;
  deprecated_since?: string;
  optional?: boolean;
  multiple?: boolean;
  multiple_token?: boolean;
  arguments?: Arg[];
}

export interface CommandDoc {
  summary?: string;
  since?: string;
  group: string;
  complexity?: string;
  arity: number;
  doc_flags?: string[];
  deprecated_since?: string;
  replaced_by?: string;
  history?: [string, string][];
  arguments?: Arg[];
  flags?: string[];
  acl?: string[];
  tips?: string[];
  key_specs?: KeySpec[];
}

const DOCS = DATA as unknown as Record<string, CommandDoc>;

/** The metadata of `name` ("get", "config|get"). */
export function commandDoc(name: string): CommandDoc | undefined {
  return Object.prototype.hasOwnProperty.call(DOCS, name) ? DOCS[name] : undefined;
}

const set = (v: Reply[]): Reply => ({ t: "set", v });

/** addReplyFlagsForCommand's order. */
const FLAG_ORDER = [
  "write", "readonly", "denyoom", "module", "admin", "pubsub", "noscript", "blocking", "loading", "stale", "skip_monitor",
  "skip_slowlog", "asking", "fast", "no_auth", "no_mandatory_keys", "no_async_loading", "no_multi", "movablekeys", "allow_busy",
];
/** ACL categories in their bit order (addReplyCommandCategories). */
const CATEGORY_ORDER = [
  "keyspace", "read", "write", "set", "sortedset", "list", "hash", "string", "bitmap", "hyperloglog", "geo", "stream", "pubsub",
  "admin", "fast", "slow", "blocking", "dangerous", "connection", "transaction", "scripting",
];
/** addReplyFlagsForKeyArgs's order and spelling. */
const KEY_FLAGS = ["RO", "RW", "OW", "RM", "access", "update", "insert", "delete", "not_key", "incomplete", "variable_flags"];

export const keyFlagNames = (flags: readonly string[]): string[] =>
  KEY_FLAGS.filter((f) => flags.some((x) => x.toLowerCase() === f.toLowerCase()));

const ordered = (xs: readonly string[], order: readonly string[]): string[] => order.filter((x) => xs.includes(x));

/** setImplicitACLCategories: the categories a command's flags imply, added to its own. */
export function aclCategories(doc: CommandDoc): string[] {
  const flags = doc.flags ?? [];
  const cats = new Set(doc.acl ?? []);
  if (flags.includes("write")) cats.add("write");
  if (flags.includes("readonly") && !cats.has("scripting")) cats.add("read");
  if (flags.includes("admin")) cats.add("admin").add("dangerous");
  if (flags.includes("pubsub")) cats.add("pubsub");
  if (flags.includes("fast")) cats.add("fast");
  if (flags.includes("blocking")) cats.add("blocking");
  if (!cats.has("fast")) cats.add("slow");
  return ordered([...cats], CATEGORY_ORDER);
}

export function keySpecsReply(specs: readonly KeySpec[] = []): Reply {
  return set(specs.map((s) => {
    const bs = s.begin_search.index ? [[bulk("type"), bulk("index")], [bulk("spec"), map([[bulk("index"), int(s.begin_search.index.pos)]])]]
      : s.begin_search.keyword ? [[bulk("type"), bulk("keyword")], [bulk("spec"), map([
        [bulk("keyword"), bulk(s.begin_search.keyword.keyword)], [bulk("startfrom"), int(s.begin_search.keyword.startfrom)]])]]
      : [[bulk("type"), bulk("unknown")], [bulk("spec"), map([])]];
    const fk = s.find_keys.range ? [[bulk("type"), bulk("range")], [bulk("spec"), map([
      [bulk("lastkey"), int(s.find_keys.range.lastkey)], [bulk("keystep"), int(s.find_keys.range.step)], [bulk("limit"), int(s.find_keys.range.limit)]])]]
      : s.find_keys.keynum ? [[bulk("type"), bulk("keynum")], [bulk("spec"), map([
        [bulk("keynumidx"), int(s.find_keys.keynum.keynumidx)], [bulk("firstkey"), int(s.find_keys.keynum.firstkey)], [bulk("keystep"), int(s.find_keys.keynum.step)]])]]
      : [[bulk("type"), bulk("unknown")], [bulk("spec"), map([])]];
    const entries: [Reply, Reply][] = [];
    if (s.notes) entries.push([bulk("notes"), bulk(s.notes)]);
    entries.push([bulk("flags"), set(keyFlagNames(s.flags).map(simple))]);
    entries.push([bulk("begin_search"), map(bs as [Reply, Reply][])], [bulk("find_keys"), map(fk as [Reply, Reply][])]);
    return map(entries);
  }));
}

export const tipsReply = (doc: CommandDoc | undefined): Reply => set((doc?.tips ?? []).map(bulk));

/** A subcommand's COMMAND INFO row, from the data (the table has no rows for subcommands). */
export function subcommandInfo(fullname: string, doc: CommandDoc): Reply {
  const flags = ordered(doc.flags ?? [], FLAG_ORDER);
  const legacy = legacyRange(doc.key_specs);
  return arr([
    bulk(fullname), int(doc.arity), set(flags.map(simple)), int(legacy[0]), int(legacy[1]), int(legacy[2]),
    set(aclCategories(doc).map((c) => simple(`@${c}`))), tipsReply(doc), keySpecsReply(doc.key_specs), set([]),
  ]);
}

/** populateCommandLegacyRangeSpec: first/last/step when the first key spec is a plain index range. */
function legacyRange(specs: readonly KeySpec[] = []): [number, number, number] {
  const s = specs[0];
  if (!s?.begin_search.index || !s.find_keys.range || s.flags.some((f) => f.toUpperCase() === "INCOMPLETE")) return [0, 0, 0];
  const first = s.begin_search.index.pos;
  const last = s.find_keys.range.lastkey >= 0 ? first + s.find_keys.range.lastkey : s.find_keys.range.lastkey;
  return [first, last, s.find_keys.range.step];
}

function argReply(a: Arg): Reply {
  const e: [Reply, Reply][] = [[bulk("name"), bulk(a.name)], [bulk("type"), bulk(a.type)]];
  if (a.key_spec_index !== undefined) e.push([bulk("key_spec_index"), int(a.key_spec_index)]);
  if (a.token !== undefined) e.push([bulk("token"), bulk(a.token)]);
  if (a.summary !== undefined) e.push([bulk("summary"), bulk(a.summary)]);
  if (a.since !== undefined) e.push([bulk("since"), bulk(a.since)]);
  if (a.deprecated_since !== undefined) e.push([bulk("deprecated_since"), bulk(a.deprecated_since)]);
  const flags = [a.optional && "optional", a.multiple && "multiple", a.multiple_token && "multiple_token"].filter((f): f is string => !!f);
  if (flags.length > 0) e.push([bulk("flags"), set(flags.map(simple))]);
  if (a.type === "oneof" || a.type === "block") e.push([bulk("arguments"), arr((a.arguments ?? []).map(argReply))]);
  return map(e);
}

/** addReplyCommandDocs; `subcommands`: the fullnames served here, in order. */
export function docsReply(doc: CommandDoc, subcommands: readonly string[]): Reply {
  const e: [Reply, Reply][] = [];
  if (doc.summary) e.push([bulk("summary"), bulk(doc.summary)]);
  if (doc.since) e.push([bulk("since"), bulk(doc.since)]);
  // COMMAND_GROUP_STR spells it "sorted-set"; the JSON files "sorted_set".
  e.push([bulk("group"), bulk(doc.group.replace(/_/g, "-"))]);
  if (doc.complexity) e.push([bulk("complexity"), bulk(doc.complexity)]);
  if (doc.doc_flags) e.push([bulk("doc_flags"), set(doc.doc_flags.map(simple))]);
  if (doc.deprecated_since) e.push([bulk("deprecated_since"), bulk(doc.deprecated_since)]);
  if (doc.replaced_by) e.push([bulk("replaced_by"), bulk(doc.replaced_by)]);
  if (doc.history) e.push([bulk("history"), set(doc.history.map(([v, what]) => arr([bulk(v), bulk(what)])))]);
  if (doc.arguments) e.push([bulk("arguments"), arr(doc.arguments.map(argReply))]);
  const subs = subcommands.flatMap((full): [Reply, Reply][] => {
    const d = commandDoc(full);
    return d ? [[bulk(full), docsReply(d, [])]] : [];
  });
  if (subcommands.length > 0) e.push([bulk("subcommands"), map(subs)]);
  return map(e);
}

/**
 * The key spec that finds argv index `pos` (getKeysUsingKeySpecs), for its flags; the first spec
 * when none does (a command whose keys its own finder locates).
 */
export function keySpecFor(doc: CommandDoc, argv: readonly BStr[], pos: number): KeySpec | undefined {
  const specs = doc.key_specs ?? [];
  for (const s of specs) {
    let first: number;
    if (s.begin_search.index) first = s.begin_search.index.pos;
    else if (s.begin_search.keyword) {
      const { keyword, startfrom } = s.begin_search.keyword;
      const from = startfrom >= 0 ? startfrom : argv.length + startfrom;
      const step = startfrom >= 0 ? 1 : -1;
      let found = -1;
      for (let i = from; i > 0 && i < argv.length; i += step) {
        if (argv[i]!.toLowerCase() === keyword.toLowerCase()) {
          found = i;
          break;
        }
      }
      if (found < 0) continue;
      first = found + 1;
    } else continue;
    let last: number;
    let step: number;
    if (s.find_keys.range) {
      const r = s.find_keys.range;
      step = r.step;
      last = r.lastkey >= 0 ? first + r.lastkey : r.limit ? first + Math.floor((argv.length - first) / r.limit) + r.lastkey : argv.length + r.lastkey;
    } else if (s.find_keys.keynum) {
      const k = s.find_keys.keynum;
      const n = Number(argv[first + k.keynumidx]);
      if (!Number.isInteger(n) || n < 0) continue;
      step = k.step;
      first += k.firstkey;
      last = first + n - 1;
    } else continue;
    if (pos >= first && pos <= last && (pos - first) % step === 0) return s;
  }
  return specs[0];
}

/**
 * processCommand's checks for a container's subcommand: unknown ("Try X HELP"), then the
 * subcommand's own arity. Null when the subcommand may run.
 */
export function subcommandRefusal(container: string, argv: readonly BStr[]): string | null {
  const sub = argv[1]!.toLowerCase();
  const doc = commandDoc(`${container}|${sub}`);
  if (!doc) return `ERR unknown subcommand '${argv[1]!.slice(0, 128)}'. Try ${container.toUpperCase()} HELP.`;
  const ok = doc.arity > 0 ? argv.length === doc.arity : argv.length >= -doc.arity;
  return ok ? null : `ERR wrong number of arguments for '${container}|${sub}' command`;
}
