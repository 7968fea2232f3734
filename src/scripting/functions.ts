/**
 * Function libraries (functions.c, function_lua.c): FUNCTION LOAD runs a library's code in the
 * function interpreter, which calls redis.register_function for each function; the library is
 * kept in SQLite (so it survives restarts, as Redis keeps it in the RDB) and in memory by name,
 * with an index of function names across libraries.
 */
import type { BStr } from "../resp/bytes";
import { fromBytes, toBytes } from "../resp/bytes";
import { ReplyError } from "../resp/reply";
import type { SqlExec } from "../keyspace/sql";
import { OP, type HostCall, type LuaVm } from "./lua-vm";

export interface LibFunction {
  name: BStr;
  /** Lua registry reference of its callback in the function interpreter. */
  ref: number;
  flags: number;
  description: BStr | null;
  library: Library;
}

export interface Library {
  name: BStr;
  code: BStr;
  functions: Map<BStr, LibFunction>;
}

/** Instruction units a library's top-level code may use while loading (Redis: a 500 ms timeout). */
export const FUNCTION_LOAD_BUDGET = 10_000;

const NAME_OK = /^[A-Za-z0-9_]+$/;
const BAD_LIBRARY_NAME = "ERR Library names can only contain letters, numbers, or underscores(_) and must be at least one character long";

/** The `#!lua name=<lib>` first line: engine, name, and the code after it (its newline kept). */
export function libraryMetadata(payload: BStr): { engine: string; name: BStr; code: BStr } {
  if (!payload.startsWith("#!")) throw new ReplyError("ERR Missing library metadata");
  const end = payload.indexOf("\n");
  if (end < 0) throw new ReplyError("ERR Invalid library metadata");
  const parts = payload.slice(0, end).split(/[ \t\r]+/).filter((p) => p !== "");
  if (parts.length === 0) throw new ReplyError("ERR Invalid library metadata");
  let name: BStr | null = null;
  for (const part of parts.slice(1)) {
    if (part.slice(0, 5).toLowerCase() === "name=") {
      if (name !== null) throw new ReplyError("ERR Invalid metadata value, name argument was given multiple times");
      name = part.slice(5);
      continue;
    }
    throw new ReplyError(`ERR Invalid metadata value given: ${part}`);
  }
  if (name === null) throw new ReplyError("ERR Library name was not given");
  return { engine: parts[0]!.slice(2), name, code: payload.slice(end) };
}

export class FunctionLibraries {
  private readonly libs = new Map<BStr, Library>();
  private readonly byName = new Map<BStr, LibFunction>();
  private ready = false;

  constructor(private readonly sql: SqlExec, private readonly vm: () => LuaVm) {
    sql.exec("CREATE TABLE IF NOT EXISTS functions (name BLOB PRIMARY KEY, code BLOB NOT NULL)");
  }

  get size(): number {
    this.ensure();
    return this.libs.size;
  }

  get functionCount(): number {
    this.ensure();
    return this.byName.size;
  }

  get codeBytes(): number {
    this.ensure();
    let n = 0;
    for (const l of this.libs.values()) n += l.code.length;
    return n;
  }

  /** Libraries in SQLite, without loading them. */
  storedCount(): number {
    return Number(this.sql.exec("SELECT count(*) AS n FROM functions").one().n);
  }

  libraries(): Library[] {
    this.ensure();
    return [...this.libs.values()];
  }

  find(name: BStr): LibFunction | undefined {
    this.ensure();
    return this.byName.get(name);
  }

  /** Loads the stored libraries into a fresh function interpreter (on the VM's creation). */
  reloadAll(): void {
    this.libs.clear();
    this.byName.clear();
    this.ready = true;
    for (const row of this.sql.exec("SELECT code FROM functions").toArray()) {
      const code = fromBytes(row.code as ArrayBuffer);
      try {
        this.load(code, true, false);
      } catch (e) {
        console.error("stored function library failed to load:", e);
      }
    }
  }

  /**
   * FUNCTION LOAD: compiles and registers the library; returns its name. `persist` is false only
   * when reloading what SQLite already holds.
   */
  load(payload: BStr, replace: boolean, persist = true): BStr {
    this.ensure();
    const md = libraryMetadata(payload);
    if (!NAME_OK.test(md.name)) throw new ReplyError(BAD_LIBRARY_NAME);
    if (md.engine.toLowerCase() !== "lua") throw new ReplyError(`ERR Engine '${md.engine}' not found`);
    const old = this.libs.get(md.name);
    if (old && !replace) throw new ReplyError(`ERR Library '${md.name}' already exists`);
    const lib: Library = { name: md.name, code: payload, functions: new Map() };
    const vm = this.vm();
    const host: HostCall = (op, args) => {
      if (op !== OP.register) return null;
      const [name, ref, flags, description] = args as [BStr, string, string, BStr | undefined];
      // Redis 7.0 words a bad function name as a bad library name (functions.c functionLibCreateFunction).
      if (!NAME_OK.test(name)) return BAD_LIBRARY_NAME.slice(4);
      if (lib.functions.has(name)) return "Function already exists in the library";
      lib.functions.set(name, { name, ref: Number(ref), flags: Number(flags), description: description ?? null, library: lib });
      return null;
    };
    const unrefAll = (l: Library): void => {
      for (const f of l.functions.values()) vm.unref(f.ref);
    };
    const err = vm.loadLibrary(md.code, FUNCTION_LOAD_BUDGET, host);
    if (err !== null) {
      unrefAll(lib);
      throw new ReplyError(`ERR ${err}`);
    }
    if (lib.functions.size === 0) throw new ReplyError("ERR No functions registered");
    for (const name of lib.functions.keys()) {
      const other = this.byName.get(name);
      if (other && other.library.name !== md.name) {
        unrefAll(lib);
        throw new ReplyError(`ERR Function ${name} already exists`);
      }
    }
    if (old) this.unlink(old, true);
    this.libs.set(lib.name, lib);
    for (const f of lib.functions.values()) this.byName.set(f.name, f);
    if (persist) this.sql.exec("INSERT OR REPLACE INTO functions (name, code) VALUES (?, ?)", toBytes(lib.name), toBytes(payload));
    return lib.name;
  }

  /** FUNCTION DELETE. */
  delete(name: BStr): void {
    this.ensure();
    const lib = this.libs.get(name);
    if (!lib) throw new ReplyError("ERR Library not found");
    this.unlink(lib, true);
    this.sql.exec("DELETE FROM functions WHERE name = ?", toBytes(name));
  }

  /** FUNCTION FLUSH (the caller resets the interpreter). */
  flush(): void {
    this.libs.clear();
    this.byName.clear();
    this.sql.exec("DELETE FROM functions");
  }

  private unlink(lib: Library, unref: boolean): void {
    this.libs.delete(lib.name);
    for (const f of lib.functions.values()) {
      if (this.byName.get(f.name) === f) this.byName.delete(f.name);
      if (unref) this.vm().unref(f.ref);
    }
  }

  /** Libraries are loaded with the VM; before any script ran, creating the VM loads them. */
  private ensure(): void {
    if (!this.ready) this.vm();
  }
}
