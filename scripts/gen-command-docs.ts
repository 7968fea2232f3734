/**
 * Generates src/commands/docs/redis-7.0.json: the documentation and metadata of every Redis 7.0
 * command and subcommand (summary, since, group, complexity, history, arguments, doc flags, key
 * specs, tips, and the subcommands' arity, flags and ACL categories), read from Redis's own
 * command JSON files (src/commands/*.json at tag 7.0.15). COMMAND DOCS, COMMAND INFO's tips, key
 * specs and subcommands, and COMMAND GETKEYSANDFLAGS answer from it. Data, not code: regenerate
 * with
 *
 *   npx tsx scripts/gen-command-docs.ts [git-dir] [tag]
 *
 * (defaults: /work/.mirror/redis+redis/repo, 7.0.15).
 */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";

const gitDir = process.argv[2] ?? "/work/.mirror/redis+redis/repo";
const tag = process.argv[3] ?? "7.0.15";
const git = (...args: string[]): string => execFileSync("git", ["--git-dir", gitDir, ...args], { encoding: "utf8", maxBuffer: 1 << 26 });

type Json = Record<string, unknown>;

const lower = (xs: unknown): string[] | undefined => (Array.isArray(xs) && xs.length > 0 ? xs.map((x) => String(x).toLowerCase()) : undefined);

function arg(a: Json): Json {
  const out: Json = { name: a.name, type: a.type };
  for (const k of ["key_spec_index", "token", "summary", "since", "deprecated_since", "optional", "multiple", "multiple_token"]) {
    if (a[k] !== undefined) out[k] = a[k];
  }
  if (Array.isArray(a.arguments)) out.arguments = (a.arguments as Json[]).map(arg);
  return out;
}

const entries: Record<string, Json> = {};
const files = git("ls-tree", "--name-only", `${tag}:src/commands/`).split("\n").filter((f) => f.endsWith(".json"));
for (const file of files) {
  const doc = JSON.parse(git("show", `${tag}:src/commands/${file}`)) as Record<string, Json>;
  for (const [name, c] of Object.entries(doc)) {
    const key = c.container ? `${String(c.container).toLowerCase()}|${name.toLowerCase()}` : name.toLowerCase();
    const e: Json = { summary: c.summary, since: c.since, group: c.group, complexity: c.complexity, arity: c.arity };
    if (lower(c.doc_flags)) e.doc_flags = lower(c.doc_flags);
    if (c.deprecated_since) e.deprecated_since = c.deprecated_since;
    if (c.replaced_by) e.replaced_by = c.replaced_by;
    if (Array.isArray(c.history) && c.history.length > 0) e.history = c.history;
    if (Array.isArray(c.arguments) && c.arguments.length > 0) e.arguments = (c.arguments as Json[]).map(arg);
    if (lower(c.command_flags)) e.flags = lower(c.command_flags);
    if (lower(c.acl_categories)) e.acl = lower(c.acl_categories);
    if (lower(c.command_tips)) e.tips = lower(c.command_tips);
    if (Array.isArray(c.key_specs) && c.key_specs.length > 0) e.key_specs = c.key_specs;
    entries[key] = e;
  }
}
const out = new URL("../src/commands/docs/redis-7.0.json", import.meta.url);
writeFileSync(out, JSON.stringify(entries) + "\n");
console.log(`${Object.keys(entries).length} commands and subcommands → ${out.pathname}`);
