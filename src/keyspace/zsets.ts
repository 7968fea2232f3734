import type { CommandDef } from "../commands/types";

export const zsetCommands: CommandDef[] = [];
