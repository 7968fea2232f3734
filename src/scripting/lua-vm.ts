/**
 * LuaVm: one instance of Redis's Lua 5.1 compiled to WebAssembly (native/lua, built by
 * scripts/build-lua.sh into wasm/redis-lua.wasm), with its two interpreters: EVAL scripts and
 * FUNCTION libraries. No emscripten JavaScript runtime: the module needs a dozen imports, written
 * here, so it instantiates synchronously from a WebAssembly.Module (workerd forbids compiling
 * bytes at run time; the Worker imports the module at build time, Node tests compile the file).
 *
 * The glue passes strings through shared buffers (see native/lua/redis-lua.c): arguments as
 * u32 count + (u32 length + bytes)*, results as RESP bytes. Byte strings (BStr) map 1:1 to bytes.
 */
import type { BStr } from "../resp/bytes";

/** The two interpreters, as in Redis: scripts (EVAL) and function libraries (FUNCTION LOAD). */
export const EVAL_STATE = 0;
export const FUNCTION_STATE = 1;
export type LuaState = typeof EVAL_STATE | typeof FUNCTION_STATE;

/** What the glue asks of the host while a script runs (host_call's op codes). */
export const OP = { call: 1, aclCheck: 2, log: 3, setRepl: 4, register: 5 } as const;

/** Answers host_call: gets the op and its string arguments, returns bytes for the glue (or null: none). */
export type HostCall = (op: number, args: BStr[], resp: 2 | 3) => BStr | Uint8Array | null;

interface Exports {
  memory: WebAssembly.Memory;
  __wasm_call_ctors(): void;
  __indirect_function_table: WebAssembly.Table;
  setThrew(a: number, b: number): void;
  stackSave(): number;
  stackRestore(sp: number): void;
  rl_open(state: number, versionNum: number, version: number): number;
  rl_close(state: number): void;
  rl_load(state: number): number;
  rl_load_library(state: number, budget: number): number;
  rl_call(state: number, mode: number, nkeys: number, budget: number): number;
  rl_unref(state: number, ref: number): void;
  rl_abort(state: number): void;
  rl_sha1hex(): void;
  rl_args_ptr(): number;
  rl_args_len(): number;
  rl_out_ptr(): number;
  rl_out_len(): number;
  rl_in_reserve(n: number): number;
  rl_args_reserve(n: number): number;
  rl_set_memory_limit(bytes: number): void;
  rl_memory_used(): number;
  malloc(n: number): number;
}

const LONGJMP = Infinity; // what emscripten's setjmp/longjmp lowering throws through JS frames
const PAGE = 65536;

/** Instruction units: the glue's count hook charges one unit per this many Lua VM instructions. */
export const HOOK_EVERY = 1000;

export class LuaVm {
  private readonly x: Exports;
  private host: HostCall | null = null;
  private tempRet0 = 0;

  constructor(module: WebAssembly.Module, version: { num: number; text: string }) {
    const table = (): WebAssembly.Table => this.x.__indirect_function_table;
    const env = {
      host_call: (op: number, _state: number, resp: number) => this.onHost(op, resp === 3 ? 3 : 2),
      invoke_vii: (index: number, a: number, b: number) => {
        const sp = this.x.stackSave();
        try {
          (table().get(index) as (a: number, b: number) => void)(a, b);
        } catch (e) {
          this.x.stackRestore(sp);
          if (e !== LONGJMP) throw e;
          this.x.setThrew(1, 0);
        }
      },
      _emscripten_throw_longjmp: () => {
        throw LONGJMP;
      },
      getTempRet0: () => this.tempRet0,
      setTempRet0: (v: number) => void (this.tempRet0 = v),
      emscripten_memcpy_big: (dest: number, src: number, n: number) => void this.heap().copyWithin(dest, src, src + n),
      emscripten_resize_heap: (requested: number) => {
        const mem = this.x.memory;
        const want = Math.ceil((requested >>> 0) / PAGE) - mem.buffer.byteLength / PAGE;
        try {
          mem.grow(Math.max(want, mem.buffer.byteLength / PAGE / 4) | 0);
          return 1;
        } catch {
          return 0;
        }
      },
      abort: () => {
        throw new Error("lua: abort");
      },
      exit: (code: number) => {
        throw new Error(`lua: exit(${code})`);
      },
      __assert_fail: () => {
        throw new Error("lua: assertion failed");
      },
      // The libraries compiled in never open files (io/os/package are not built); fail if they try.
      __syscall_open: () => -38,
      __syscall_fcntl64: () => -38,
      __syscall_ioctl: () => -38,
      __syscall_dup3: () => -38,
    };
    const wasi = { fd_write: () => 0, fd_read: () => 0, fd_close: () => 0, fd_seek: () => 0 };
    const instance = new WebAssembly.Instance(module, { env, wasi_snapshot_preview1: wasi });
    this.x = instance.exports as unknown as Exports;
    this.x.__wasm_call_ctors();
    const v = this.putCString(version.text);
    this.x.rl_open(EVAL_STATE, version.num, v);
    this.x.rl_open(FUNCTION_STATE, version.num, v);
  }

  /** Bytes the Lua heaps (both interpreters) hold now. */
  get memoryUsed(): number {
    return this.x.rl_memory_used();
  }

  setMemoryLimit(bytes: number): void {
    this.x.rl_set_memory_limit(bytes);
  }

  /** Throws the interpreter away and opens a fresh one (SCRIPT FLUSH, FUNCTION FLUSH). */
  reset(state: LuaState, version: { num: number; text: string }): void {
    this.x.rl_open(state, version.num, this.putCString(version.text));
  }

  /** Compiles an EVAL body into registry[name]; returns the error text, or null. */
  load(name: BStr, body: BStr): BStr | null {
    this.putArgs([name, body]);
    return this.x.rl_load(EVAL_STATE) === 0 ? null : this.out();
  }

  /** Runs a library's code; each redis.register_function reaches `host` as OP.register. */
  loadLibrary(body: BStr, budget: number, host: HostCall): BStr | null {
    this.putArgs([body]);
    return this.withHost(host, () => (this.x.rl_load_library(FUNCTION_STATE, budget) === 0 ? null : this.out()));
  }

  unref(ref: number): void {
    this.x.rl_unref(FUNCTION_STATE, ref);
  }

  /**
   * Runs an EVAL script (target: its registry name) or a function (target: its registry ref).
   * Returns the RESP3 bytes of its result, whether the budget ran out, and whether `abort` stopped it.
   */
  call(state: LuaState, target: BStr, funcname: BStr, keys: BStr[], args: BStr[], budget: number, host: HostCall): { resp: BStr; killed: boolean; aborted: boolean } {
    this.putArgs([target, funcname, ...keys, ...args]);
    return this.withHost(host, () => {
      const rc = this.x.rl_call(state, state === EVAL_STATE ? 0 : 1, keys.length, budget);
      return { resp: this.out(), killed: (rc & 1) !== 0, aborted: (rc & 2) !== 0 };
    });
  }

  /** From inside a host call: the running script stops at its next line (no pcall can catch it). */
  abort(state: LuaState): void {
    this.x.rl_abort(state);
  }

  sha1hex(s: BStr): string {
    this.putArgs([s]);
    this.x.rl_sha1hex();
    return this.out();
  }

  // ---- plumbing ----------------------------------------------------------------------------

  private withHost<T>(host: HostCall, fn: () => T): T {
    const prev = this.host;
    this.host = host;
    try {
      return fn();
    } finally {
      this.host = prev;
    }
  }

  private onHost(op: number, resp: 2 | 3): number {
    const args = this.readArgs();
    let answer: BStr | Uint8Array | null;
    try {
      answer = this.host ? this.host(op, args, resp) : null;
    } catch (e) {
      // A JS exception must never unwind through Lua's frames: it becomes the call's error reply.
      answer = `-ERR internal error: ${e instanceof Error ? e.message : String(e)}`.replace(/[\r\n]/g, " ") + "\r\n";
    }
    if (answer === null) return 0;
    const p = this.x.rl_in_reserve(answer.length);
    const heap = this.heap();
    if (typeof answer === "string") for (let i = 0; i < answer.length; i++) heap[p + i] = answer.charCodeAt(i);
    else heap.set(answer, p);
    return answer.length;
  }

  private heap(): Uint8Array {
    return new Uint8Array(this.x.memory.buffer);
  }

  private putArgs(args: BStr[]): void {
    let size = 4;
    for (const a of args) size += 4 + a.length;
    const p = this.x.rl_args_reserve(size);
    const heap = this.heap();
    const view = new DataView(this.x.memory.buffer);
    view.setUint32(p, args.length, true);
    let at = p + 4;
    for (const a of args) {
      view.setUint32(at, a.length, true);
      at += 4;
      for (let i = 0; i < a.length; i++) heap[at + i] = a.charCodeAt(i);
      at += a.length;
    }
  }

  private readArgs(): BStr[] {
    const p = this.x.rl_args_ptr();
    const view = new DataView(this.x.memory.buffer);
    const heap = this.heap();
    const n = view.getUint32(p, true);
    const out: BStr[] = [];
    let at = p + 4;
    for (let i = 0; i < n; i++) {
      const len = view.getUint32(at, true);
      at += 4;
      out.push(bytesToBStr(heap, at, len));
      at += len;
    }
    return out;
  }

  private out(): BStr {
    return bytesToBStr(this.heap(), this.x.rl_out_ptr(), this.x.rl_out_len());
  }

  private putCString(s: string): number {
    const p = this.x.malloc(s.length + 1);
    const heap = this.heap();
    for (let i = 0; i < s.length; i++) heap[p + i] = s.charCodeAt(i);
    heap[p + s.length] = 0;
    return p;
  }
}

const CHUNK = 0x8000;
function bytesToBStr(heap: Uint8Array, at: number, len: number): BStr {
  let s = "";
  for (let i = 0; i < len; i += CHUNK) {
    s += String.fromCharCode.apply(null, heap.subarray(at + i, at + Math.min(len, i + CHUNK)) as unknown as number[]);
  }
  return s;
}
