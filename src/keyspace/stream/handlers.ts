/** Every stream command's handler (the node binds them in node/handlers.ts). */
import type { HandlerTable } from "../handler";
import { streamBasicHandlers } from "./commands";
import { streamGroupHandlers } from "./group-commands";
import { streamInfoHandlers } from "./info";
import { streamPendingHandlers } from "./pending";
import { streamReadHandlers } from "./read";

export const streamHandlers: HandlerTable = {
  ...streamBasicHandlers, ...streamReadHandlers, ...streamGroupHandlers, ...streamPendingHandlers, ...streamInfoHandlers,
};
