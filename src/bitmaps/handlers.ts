/** The bitmap commands' handlers (the node binds them in node/handlers.ts). */
import type { HandlerTable } from "../keyspace/handler";
import { bitHandlers } from "./bits";
import { bitRangeHandlers } from "./bit-range";
import { bitopHandlers } from "./bitop";
import { bitfieldHandlers } from "./bitfield";

export const bitmapHandlers: HandlerTable = { ...bitHandlers, ...bitRangeHandlers, ...bitopHandlers, ...bitfieldHandlers };
