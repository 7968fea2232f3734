import type { CommandDef } from "../commands/types";

export const hashCommands: CommandDef[] = [];
