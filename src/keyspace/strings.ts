import type { CommandDef } from "../commands/types";

export const stringCommands: CommandDef[] = [];
