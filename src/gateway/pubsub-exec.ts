/**
 * EXEC of a MULTI block holding (un)subscribe commands, as Redis 7.0 runs it: SUBSCRIBE,
 * PSUBSCRIBE and their UNSUBSCRIBEs take effect (the connection is subscribed after EXEC), while
 * SSUBSCRIBE is refused (`isn't allowed for a DENY BLOCKING client`, a client in EXEC cannot
 * block). Each channel adds its own reply to EXEC's array, whose header still counts one per
 * command: Redis writes the block that way and clients that send it read it that way.
 *
 * Subscriptions are connection state, not data: the block's data commands run first, as one
 * transaction (a WATCH that fails aborts everything, subscriptions included), then the
 * subscriptions in order. So a PUBLISH inside the block does not reach the block's own new
 * subscriptions. PING answers here, in the form the subscriptions made before it call for.
 */
import type { BStr } from "../resp/bytes";
import { error, type Reply } from "../resp/reply";
import { SUBSCRIBE_COMMANDS } from "../commands/specs/pubsub";
import type { PubSubHost, PubSubSession } from "./pubsub-session";

/** Whether EXEC of `cmds` needs `execWithSubscriptions`. */
export const hasSubscriptions = (cmds: BStr[][]): boolean => cmds.some((c) => SUBSCRIBE_COMMANDS.has(c[0]!.toLowerCase()));

const answeredHere = (name: string): boolean => SUBSCRIBE_COMMANDS.has(name) || name === "ping";

export async function execWithSubscriptions(
  cmds: BStr[][],
  /** EXEC of the data commands: an array of their replies, a null array (WATCH) or an error. */
  transaction: (data: BStr[][]) => Promise<Reply>,
  pubsub: PubSubSession,
  host: PubSubHost,
): Promise<Reply> {
  const data = cmds.filter((c) => !answeredHere(c[0]!.toLowerCase()));
  const done = await transaction(data);
  if (done.t !== "array") return done;
  const out: Reply[] = [];
  let next = 0;
  for (const argv of cmds) {
    const name = argv[0]!.toLowerCase();
    if (name === "ssubscribe") out.push(error("ERR SSUBSCRIBE isn't allowed for a DENY BLOCKING client"));
    else if (name === "ping") out.push(pubsub.ping(argv, host.resp));
    else if (SUBSCRIBE_COMMANDS.has(name)) out.push(...((await pubsub.handle(argv, host)) ?? []));
    else out.push(done.v[next++] ?? error("ERR internal error: no reply"));
  }
  return { t: "array", v: out, count: cmds.length };
}
