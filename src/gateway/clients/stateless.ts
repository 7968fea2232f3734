/**
 * REST requests and nodes reached directly have no registry of connections: they answer CLIENT
 * LIST/INFO with their own line (commands/connection.ts) and refuse MONITOR and CLIENT KILL/PAUSE/
 * UNPAUSE, which need a WebSocket connection. No gateway imports: commands/connection.ts uses it.
 */
import type { BStr } from "../../resp/bytes";
import { error, type Reply } from "../../resp/reply";
import type { ConnState } from "../../commands/types";

/** What a REST request or a node answers to MONITOR and to CLIENT KILL/PAUSE/UNPAUSE: they need a WebSocket connection. */
export function statelessRegistryReply(argv: readonly BStr[], conn: ConnState): Reply | null {
  const name = argv[0]!.toLowerCase();
  if (name === "monitor") {
    // Inside EXEC (canBlock false) Redis's own refusal; over REST, ours.
    return conn.canBlock === false
      ? error("ERR MONITOR isn't allowed for DENY BLOCKING client")
      : error("ERR MONITOR needs a WebSocket connection (/ws): a REST request answers one reply");
  }
  const sub = argv[1]?.toLowerCase();
  if (name !== "client" || (sub !== "kill" && sub !== "pause" && sub !== "unpause")) return null;
  return error(`ERR CLIENT ${sub.toUpperCase()} needs a WebSocket connection (/ws): a REST request sees no other connections`);
}
