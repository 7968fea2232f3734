import type { CommandDef } from "../commands/types";

export const listCommands: CommandDef[] = [];
