/**
 * The Lua wasm module for Node-side tests and the simulator: compiled from the file, once (the
 * Worker imports it at build time instead; see src/node/node.ts).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

let cached: WebAssembly.Module | null = null;

export function luaModule(): WebAssembly.Module {
  if (cached) return cached;
  const bytes = readFileSync(fileURLToPath(new URL("../../src/scripting/wasm/redis-lua.wasm", import.meta.url)));
  // workers-types declares WebAssembly.Module abstract (workerd has no run-time compile); Node has one.
  const Compile = WebAssembly.Module as unknown as new (bytes: Uint8Array) => WebAssembly.Module;
  cached = new Compile(bytes);
  return cached;
}
