// Emscripten JS library: the wasm module's one import. The host object is set by the TypeScript
// engine (src/scripting/engine.ts) on the Module before instantiation.
mergeInto(LibraryManager.library, {
  host_call: function (op, state, resp) {
    return Module["host"](op, state, resp);
  },
});
