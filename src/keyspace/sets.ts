import type { CommandDef } from "../commands/types";

export const setCommands: CommandDef[] = [];
