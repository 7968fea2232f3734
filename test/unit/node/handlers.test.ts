/** The node binds exactly one handler to every command of the table (node/handlers.ts). */
import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../../src/commands/registry";
import type { CommandSpec } from "../../../src/commands/types";
import { OK } from "../../../src/resp/reply";
import { bindHandlers, HANDLERS, HandlerTableError } from "../../../src/node/handlers";

const spec = (name: string): CommandSpec => ({ name, arity: 1, flags: [], firstKey: 0, lastKey: 0, step: 0, categories: [] });
const specs = (...names: string[]) => new Map(names.map((n) => [n, spec(n)]));
const ok = () => OK;

describe("command handlers", () => {
  it("has one handler for every command in the table, and none besides", () => {
    expect([...HANDLERS.keys()].sort()).toEqual([...COMMANDS.keys()].sort());
  });

  it("refuses a command without a handler", () => {
    expect(() => bindHandlers(specs("get", "set"), { a: { get: ok } })).toThrow(/'set' has no handler/);
  });

  it("refuses a handler without a command", () => {
    expect(() => bindHandlers(specs("get"), { a: { get: ok, gte: ok } })).toThrow(/'gte' \(a\) is not in the command table/);
  });

  it("refuses two handlers for one command", () => {
    expect(() => bindHandlers(specs("get"), { a: { get: ok }, b: { get: ok } })).toThrow(HandlerTableError);
    expect(() => bindHandlers(specs("get"), { a: { get: ok }, b: { get: ok } })).toThrow(/'get' has handlers in a and b/);
  });
});
