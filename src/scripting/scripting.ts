/**
 * A node's scripting state: the Lua VM (created on the first script, from the wasm module the
 * runtime's port supplies), the EVAL script cache (not persisted, not replicated: as in Redis) and
 * the function libraries (persisted in SQLite, replicated as FUNCTION commands; functions.ts).
 */
import type { BStr } from "../resp/bytes";
import { ReplyError } from "../resp/reply";
import type { SqlExec } from "../keyspace/sql";
import { EVAL_STATE, FUNCTION_STATE, LuaVm, type LuaState } from "./lua-vm";
import { FunctionLibraries } from "./functions";

/** The version scripts see (redis.REDIS_VERSION, REDIS_VERSION_NUM): the Redis this project follows. */
export const SCRIPT_REDIS_VERSION = { num: 0x07000f, text: "7.0.15" };

/**
 * Bytes the Lua heaps may hold (both interpreters together). A script allocating past it fails
 * with Lua's "not enough memory" (and rolls back); the node's other memory stays safe. Redis has
 * no such cap of its own (its maxmemory does not count Lua).
 */
export const LUA_HEAP_LIMIT = 64 * 1024 * 1024;

export interface CachedScript {
  body: BStr;
  flags: number;
}

export class Scripting {
  private lua: LuaVm | null = null;
  /** sha1 (lowercase hex) → script; the compiled function is registry["f_" + sha] in the VM. */
  readonly scripts = new Map<string, CachedScript>();
  readonly functions: FunctionLibraries;
  /** The run in progress (scripts run synchronously: only ever seen from inside one). */
  private running: LuaState | null = null;
  stats = { evalCalls: 0, fcallCalls: 0, scriptBytes: 0 };

  constructor(private readonly module: () => WebAssembly.Module | null, sql: SqlExec) {
    this.functions = new FunctionLibraries(sql, () => this.vm());
  }

  /** The VM, created on first use (its libraries are loaded then). */
  vm(): LuaVm {
    if (this.lua) return this.lua;
    const m = this.module();
    if (!m) throw new ReplyError("ERR scripting is not available on this node (no Lua module)");
    this.lua = new LuaVm(m, SCRIPT_REDIS_VERSION);
    this.lua.setMemoryLimit(LUA_HEAP_LIMIT);
    this.functions.reloadAll();
    return this.lua;
  }

  get vmStarted(): boolean {
    return this.lua !== null;
  }

  /** This node can run scripts (it has the Lua module). */
  get available(): boolean {
    return this.lua !== null || this.module() !== null;
  }

  /** A full sync's libraries replace this node's (replica side). */
  replaceFunctions(codes: BStr[]): void {
    this.functions.flush();
    this.resetFunctionState();
    for (const code of codes) {
      try {
        this.functions.load(code, true);
      } catch (e) {
        console.error("a library of the master's snapshot failed to load:", e);
      }
    }
  }

  /**
   * Runs `fn` as the script in progress; a script cannot run a script (EVAL is noscript anyway).
   * An exception out of the wasm (a trap, V8's stack limit) may leave the interpreter inside a
   * half-unwound call: the VM is thrown away, to be created afresh (libraries reloaded) next time.
   */
  run<T>(state: LuaState, fn: () => T): T {
    if (this.running !== null) throw new ReplyError("ERR a script is already running");
    this.running = state;
    try {
      return fn();
    } catch (e) {
      if (e instanceof ReplyError) throw e;
      console.error("the Lua VM failed; it is reset:", e);
      this.lua = null;
      this.scripts.clear();
      this.stats.scriptBytes = 0;
      throw new ReplyError(`ERR script engine failure (${e instanceof Error ? e.message : String(e)}); the script cache was reset`);
    } finally {
      this.running = null;
    }
  }

  /** Adds a script to the cache, compiling it; returns its sha. Throws the compile error. */
  cache(body: BStr, flags: number, shebangLength: number): string {
    const vm = this.vm();
    const sha = vm.sha1hex(body);
    if (this.scripts.has(sha)) return sha;
    // The shebang line is blanked, its newline kept, so line numbers stay the user's.
    const err = vm.load(`f_${sha}`, shebangLength > 0 ? body.slice(shebangLength) : body);
    if (err !== null) throw new ReplyError(`ERR ${err}`);
    this.scripts.set(sha, { body, flags });
    this.stats.scriptBytes += body.length;
    return sha;
  }

  /** SCRIPT FLUSH: a fresh EVAL interpreter, an empty cache. */
  flushScripts(): void {
    this.scripts.clear();
    this.stats.scriptBytes = 0;
    this.lua?.reset(EVAL_STATE, SCRIPT_REDIS_VERSION);
  }

  /** FUNCTION FLUSH / RESTORE FLUSH: a fresh function interpreter. */
  resetFunctionState(): void {
    this.lua?.reset(FUNCTION_STATE, SCRIPT_REDIS_VERSION);
  }

  /** INFO memory's Lua lines (they do not start the VM: until a script runs, libraries are only counted). */
  memoryInfo(): Record<string, number> {
    if (!this.lua) return { used_memory_lua: 0, number_of_cached_scripts: 0, number_of_libraries: this.functions.storedCount() };
    const vm = this.lua.memoryUsed;
    return {
      used_memory_lua: vm,
      used_memory_vm_eval: vm,
      used_memory_scripts_eval: this.stats.scriptBytes,
      number_of_cached_scripts: this.scripts.size,
      number_of_functions: this.functions.functionCount,
      number_of_libraries: this.functions.size,
      used_memory_vm_functions: vm,
      used_memory_functions: this.functions.codeBytes,
    };
  }
}
