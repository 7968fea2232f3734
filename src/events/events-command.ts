/**
 * CLUSTER EVENTS [count] (not in Redis; admin token only, like every cluster-changing CLUSTER
 * subcommand): the node's newest events, newest first, each as one bulk string holding the JSON
 * object also written to the log. count defaults to DEFAULT_EVENTS_COUNT and is capped by the
 * history's size (EVENT_HISTORY_MAX).
 */
import { intArg } from "../commands/args";
import type { BStr } from "../resp/bytes";
import { arr, bulk, error, type Reply } from "../resp/reply";
import { EVENT_HISTORY_MAX, type EventLog } from "./event-log";

/** Events CLUSTER EVENTS answers without a count. */
export const DEFAULT_EVENTS_COUNT = 32;

export const EVENTS_SUBCOMMAND = "events";

export function eventsCommand(log: EventLog, argv: BStr[]): Reply {
  if (argv.length > 3) return error("ERR wrong number of arguments for 'cluster|events' command");
  const count = argv.length === 3 ? intArg(argv[2]!) : DEFAULT_EVENTS_COUNT;
  if (count < 0) return error("ERR count should be greater than or equal to 0");
  return arr(log.recent(Math.min(count, EVENT_HISTORY_MAX)).map((e) => bulk(JSON.stringify(e))));
}
