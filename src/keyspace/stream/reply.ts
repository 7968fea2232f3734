/** Reply shapes shared by the stream commands. */
import { arr, bulk, bulks, NULL_ARRAY, type Reply } from "../../resp/reply";
import { formatId, type StreamId } from "./id";
import type { StreamEntry } from "./store";

export const idReply = (id: StreamId): Reply => bulk(formatId(id));

/** [id, [field, value, ...]]. */
export const entryReply = (e: StreamEntry): Reply => arr([idReply(e.id), bulks(e.items)]);

/** An entry a PEL still names but the stream no longer holds: [id, nil]. */
export const missingEntryReply = (id: StreamId): Reply => arr([idReply(id), NULL_ARRAY]);

export const entriesReply = (es: StreamEntry[]): Reply => arr(es.map(entryReply));
