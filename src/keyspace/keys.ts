import type { CommandDef } from "../commands/types";

export const keyCommands: CommandDef[] = [];
