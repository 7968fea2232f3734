/**
 * XINFO STREAM [FULL [COUNT n]] / GROUPS / CONSUMERS / HELP (xinfoCommand), Redis 7.0's fields.
 *
 * radix-tree-keys is the number of nodes (rows.ts models Redis's listpack nodes); radix-tree-nodes
 * is the node count of a compressed radix tree over the nodes' master IDs, which is what Redis's
 * rax holds (see raxNodeCount).
 */
import type { BStr } from "../../resp/bytes";
import { arr, bulk, ERR, int, map, NULL, ReplyError, simple, type Reply } from "../../resp/reply";
import { intArg, isOpt } from "../../commands/args";
import { XINFO_KEY_SUBCOMMANDS } from "../../commands/specs/streams";
import type { CommandContext, HandlerTable } from "../handler";
import { MAX_ID, ZERO_ID } from "./id";
import { Group, INVALID_ENTRIES_READ } from "./groups";
import { entriesReply, entryReply, idReply } from "./reply";
import { Stream } from "./store";
import { checkSubcommand, subcommandSyntaxError } from "./group-commands";

const HELP = [
  "XINFO <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
  "CONSUMERS <key> <groupname>",
  "    Show consumers of <groupname>.",
  "GROUPS <key>",
  "    Show the stream consumer groups.",
  "STREAM <key> [FULL [COUNT <count>]",
  "    Show information about the stream.",
  "HELP",
  "    Prints this help.",
];

const ARITY: Record<string, number> = { consumers: 4, groups: 3, stream: -3, help: 2 };
const KNOWN = new Set([...XINFO_KEY_SUBCOMMANDS, "help"]);

/** XINFO STREAM FULL's default COUNT. */
const FULL_DEFAULT_COUNT = 10;

const commonPrefix = (a: BStr, b: BStr): number => {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
};

/**
 * Nodes of a compressed radix tree holding `keys` (sorted, none a prefix of another): the root,
 * one node per key, per branching prefix, and per child of a branching prefix.
 */
export function raxNodeCount(keys: readonly BStr[]): number {
  const nodes = new Set<BStr>([""]);
  for (let i = 0; i < keys.length; i++) {
    nodes.add(keys[i]!);
    if (i === 0) continue;
    const [a, b] = [keys[i - 1]!, keys[i]!];
    const l = commonPrefix(a, b);
    nodes.add(a.slice(0, l)).add(a.slice(0, l + 1)).add(b.slice(0, l + 1));
  }
  return nodes.size;
}

/** streamReplyWithCGLag: the group's lag, or null when it cannot be known. */
function lagReply(s: Stream, g: Group): Reply {
  if (s.entriesAdded === 0n) return int(0);
  if (g.entriesRead !== INVALID_ENTRIES_READ && !s.rangeHasTombstones(g.lastId, null)) return int(s.entriesAdded - g.entriesRead);
  const read = s.estimateDistance(g.lastId);
  return read === null ? NULL : int(s.entriesAdded - read);
}

const entriesReadReply = (g: Group): Reply => (g.entriesRead === INVALID_ENTRIES_READ ? NULL : int(g.entriesRead));

function streamHeader(s: Stream): [Reply, Reply][] {
  const masters = s.nodeMasters();
  return [
    [bulk("length"), int(s.length)],
    [bulk("radix-tree-keys"), int(masters.length)],
    [bulk("radix-tree-nodes"), int(raxNodeCount(masters))],
    [bulk("last-generated-id"), idReply(s.lastId)],
    [bulk("max-deleted-entry-id"), idReply(s.maxDeletedId)],
    [bulk("entries-added"), int(s.entriesAdded)],
    [bulk("recorded-first-entry-id"), idReply(s.firstId)],
  ];
}

function fullGroup(s: Stream, g: Group, count: number): Reply {
  const limit = count > 0 ? count : -1;
  const pel = g.pending(ZERO_ID, MAX_ID, limit);
  return map([
    [bulk("name"), bulk(g.name)],
    [bulk("last-delivered-id"), idReply(g.lastId)],
    [bulk("entries-read"), entriesReadReply(g)],
    [bulk("lag"), lagReply(s, g)],
    [bulk("pel-count"), int(g.pendingCount())],
    [bulk("pending"), arr(pel.map((n) => arr([idReply(n.id), bulk(n.consumer), int(n.deliveryTime), int(n.deliveryCount)])))],
    [bulk("consumers"), arr(g.consumers().map((c) => map([
      [bulk("name"), bulk(c.name)],
      [bulk("seen-time"), int(c.seenTime)],
      [bulk("pel-count"), int(g.pendingCount(c.name))],
      [bulk("pending"), arr(g.pending(ZERO_ID, MAX_ID, limit, c.name).map((n) => arr([idReply(n.id), int(n.deliveryTime), int(n.deliveryCount)])))],
    ])))],
  ]);
}

function streamInfo(argv: BStr[], s: Stream): Reply {
  const opts = argv.slice(3);
  if (opts.length === 0) {
    const first = s.range(ZERO_ID, MAX_ID, 1)[0];
    const last = s.range(ZERO_ID, MAX_ID, 1, true)[0];
    return map([
      ...streamHeader(s),
      [bulk("groups"), int(Group.all(s).length)],
      [bulk("first-entry"), first ? entryReply(first) : NULL],
      [bulk("last-entry"), last ? entryReply(last) : NULL],
    ]);
  }
  if ((opts.length !== 1 && opts.length !== 3) || !isOpt(opts[0], "full")) throw subcommandSyntaxError(argv[0]!, argv[1]!);
  let count = FULL_DEFAULT_COUNT;
  if (opts.length === 3) {
    if (!isOpt(opts[1], "count")) throw subcommandSyntaxError(argv[0]!, argv[1]!);
    count = intArg(opts[2]!);
    if (count < 0) count = FULL_DEFAULT_COUNT;
  }
  return map([
    ...streamHeader(s),
    [bulk("entries"), entriesReply(s.range(ZERO_ID, MAX_ID, count))],
    [bulk("groups"), arr(Group.all(s).map((g) => fullGroup(s, g, count)))],
  ]);
}

function xinfo(ctx: CommandContext, argv: BStr[]): Reply {
  const sub = checkSubcommand(argv, KNOWN, ARITY);
  if (sub === "help") return arr(HELP.map(simple));
  const key = argv[2]!;
  const s = Stream.open(ctx.db, key);
  if (!s) throw new ReplyError(ERR.noSuchKey);
  if (sub === "stream") return streamInfo(argv, s);
  if (sub === "groups") {
    return arr(Group.all(s).map((g) => map([
      [bulk("name"), bulk(g.name)],
      [bulk("consumers"), int(g.consumerCount())],
      [bulk("pending"), int(g.pendingCount())],
      [bulk("last-delivered-id"), idReply(g.lastId)],
      [bulk("entries-read"), entriesReadReply(g)],
      [bulk("lag"), lagReply(s, g)],
    ])));
  }
  const g = Group.lookup(s, argv[3]!);
  if (!g) throw new ReplyError(`NOGROUP No such consumer group '${argv[3]!}' for key name '${key}'`);
  return arr(g.consumers().map((c) => map([
    [bulk("name"), bulk(c.name)],
    [bulk("pending"), int(g.pendingCount(c.name))],
    [bulk("idle"), int(Math.max(0, ctx.now - c.seenTime))],
  ])));
}

export const streamInfoHandlers: HandlerTable = { xinfo };
