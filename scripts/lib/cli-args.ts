/**
 * Argument parsing for scripts/cluster.ts: `<command> [positional...] [--flag] [--name value]`.
 * `--weight` (and any name in LIST_OPTIONS) takes every following word up to the next option, as
 * redis-cli's --cluster-weight does. For `call`, everything after the command that is not one of
 * the connection options is the command to send, so `call CONFIG SET x y` needs no quoting.
 */
export interface ParsedArgs {
  command: string | undefined;
  positional: string[];
  values: Record<string, string>;
  lists: Record<string, string[]>;
  flags: Set<string>;
}

const BOOLEAN_OPTIONS = new Set(["json", "use-empty-masters", "simulate", "force", "takeover", "replace", "atomic"]);
const LIST_OPTIONS = new Set(["weight"]);
const CONNECTION_OPTIONS = new Set(["url", "token", "node"]);

export function parseArgs(argv: string[]): ParsedArgs {
  const [command, ...rest] = argv;
  const out: ParsedArgs = { command, positional: [], values: {}, lists: {}, flags: new Set() };
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i]!;
    const name = word.startsWith("--") ? word.slice(2) : undefined;
    const isCallArg = command === "call" && (name === undefined || !(CONNECTION_OPTIONS.has(name) || name === "json"));
    if (name === undefined || isCallArg) {
      out.positional.push(word);
    } else if (BOOLEAN_OPTIONS.has(name)) {
      out.flags.add(name);
    } else if (LIST_OPTIONS.has(name)) {
      const list = (out.lists[name] ??= []);
      while (rest[i + 1] !== undefined && !rest[i + 1]!.startsWith("--")) list.push(rest[++i]!);
    } else if (rest[i + 1] !== undefined) {
      out.values[name] = rest[++i]!;
    } else {
      out.flags.add(name);
    }
  }
  return out;
}
