#!/usr/bin/env bash
# Builds src/scripting/wasm/redis-lua.{wasm,mjs}: Redis 7.0's Lua 5.1 (deps/lua: Lua 5.1.5 with
# cjson, cmsgpack, struct, bit and read-only tables) plus native/lua/redis-lua.c, with Debian's
# emscripten (apt-get install emscripten). The outputs are committed, so neither CI nor users
# need emscripten; rebuild only when native/lua changes.
#   scripts/build-lua.sh <path to a redis git checkout or mirror>   (tag 7.0.15 is used)
set -euo pipefail
REDIS_GIT=${1:?usage: scripts/build-lua.sh <redis git dir>}
TAG=7.0.15
ROOT=$(cd "$(dirname "$0")/.." && pwd)
# A fixed path: source paths end up in the binary (assert texts), and a build should be reproducible.
WORK=/tmp/redis-lua-build
rm -rf "$WORK" && mkdir -p "$WORK"
trap 'rm -rf "$WORK"' EXIT
git --git-dir="$REDIS_GIT" archive "$TAG" deps/lua/src deps/lua/COPYRIGHT src/solarisfixes.h | tar -x -C "$WORK"
SRC="$WORK/deps/lua/src"
# Redis runs on LP64 x86-64 hosts; wasm32 has 32-bit long and ptrdiff_t, and its float-to-int
# conversions saturate (with -mnontrapping-fptoint) where x86's give INT_MIN / LLONG_MIN. So that
# scripts compute what they compute on Redis: lua_Integer and string.format's %d are 64-bit
# (LUA_USELONGLONG), struct's integers too, and number-to-integer conversions follow x86.
X86='static inline int lua_x86_d2i(double d) { return (d > -2147483649.0 \&\& d < 2147483648.0) ? (int)d : (int)0x80000000u; }\nstatic inline long long lua_x86_d2ll(double d) { return (d >= -9223372036854775808.0 \&\& d < 9223372036854775808.0) ? (long long)d : (long long)0x8000000000000000ull; }\nstatic inline unsigned long long lua_x86_d2ull(double d) { return d < 9223372036854775808.0 ? (unsigned long long)lua_x86_d2ll(d) : (unsigned long long)lua_x86_d2ll(d - 9223372036854775808.0) ^ 0x8000000000000000ull; }'
perl -0pi -e "s/#define LUA_INTEGER\tptrdiff_t/#define LUA_INTEGER\tlong long\n$X86/" "$SRC/luaconf.h"
perl -0pi -e 's/#define lua_number2int\(i,d\)\t\(\(i\)=\(int\)\(d\)\)/#define lua_number2int(i,d)\t((i)=lua_x86_d2i(d))/; s/#define lua_number2integer\(i,d\)\t\(\(i\)=\(lua_Integer\)\(d\)\)/#define lua_number2integer(i,d)\t((i)=lua_x86_d2ll(d))/' "$SRC/luaconf.h"
perl -0pi -e 's/\(LUA_INTFRM_T\)luaL_checknumber\(L, arg\)/(LUA_INTFRM_T)lua_x86_d2ll(luaL_checknumber(L, arg))/; s/\(unsigned LUA_INTFRM_T\)luaL_checknumber\(L, arg\)/(unsigned LUA_INTFRM_T)lua_x86_d2ull(luaL_checknumber(L, arg))/' "$SRC/lstrlib.c"
perl -0pi -e 's/value = \(Uinttype\)\(Inttype\)n;/value = (Uinttype)lua_x86_d2ll(n);/' "$SRC/lua_struct.c"
# musl's strtod/strtoul take "0x" without digits as a number; glibc (Redis's) stops after the "0".
GLIBC='#include <stdlib.h>\nstatic inline const char *lua_hexless(const char *s, char *e) { return (e - s >= 2 \&\& (e[-1] == 0x78 || e[-1] == 0x58) \&\& e[-2] == 0x30) ? e - 1 : e; }\nstatic inline double lua_glibc_strtod(const char *s, char **e) { double d = strtod(s, e); *e = (char *)lua_hexless(s, *e); return d; }\nstatic inline unsigned long lua_glibc_strtoul(const char *s, char **e, int b) { unsigned long v = strtoul(s, e, b); *e = (char *)lua_hexless(s, *e); return v; }'
perl -0pi -e "s/#define lua_str2number\(s,p\)\tstrtod\(\(s\), \(p\)\)/$GLIBC\n#define lua_str2number(s,p)\tlua_glibc_strtod((s), (p))/" "$SRC/luaconf.h"
perl -pi -e 's/strtoul\(s, &endptr, 16\)/lua_glibc_strtoul(s, &endptr, 16)/' "$SRC/lobject.c"
grep -q 'lua_glibc_strtoul' "$SRC/lobject.c" && grep -q 'lua_glibc_strtod((s)' "$SRC/luaconf.h" || { echo "build-lua.sh: the strtod patch did not apply" >&2; exit 1; }
# String positions are ptrdiff_t (64-bit on Redis's hosts): string.sub('abc', 2^31) is empty there.
perl -pi -e 's/\bptrdiff_t\b/long long/g; s/\(size_t\)pose > l/(unsigned long long)pose > l/; s/\(size_t\)\(init\) > l1/(unsigned long long)(init) > l1/' "$SRC/lstrlib.c"
grep -q 'lua_x86_d2i(d))' "$SRC/luaconf.h" && grep -q 'lua_x86_d2ll(luaL_checknumber' "$SRC/lstrlib.c" && grep -q 'lua_x86_d2ll(n)' "$SRC/lua_struct.c" \
  || { echo "build-lua.sh: a source patch did not apply" >&2; exit 1; }
CORE="lapi lcode ldebug ldo ldump lfunc lgc llex lmem lobject lopcodes lparser lstate lstring ltable ltm lundump lvm lzio strbuf fpconv"
LIBS="lauxlib lbaselib ldblib lmathlib ltablib lstrlib lua_cjson lua_struct lua_cmsgpack lua_bit"
FILES=""
for f in $CORE $LIBS; do FILES="$FILES $SRC/$f.c"; done
OUT="$ROOT/src/scripting/wasm"
mkdir -p "$OUT"
EXPORTS='["_malloc","_free","_rl_open","_rl_close","_rl_load","_rl_load_library","_rl_call","_rl_unref","_rl_killed","_rl_abort","_rl_sha1hex","_rl_args_ptr","_rl_args_len","_rl_out_ptr","_rl_out_len","_rl_in_reserve","_rl_args_reserve","_rl_set_memory_limit","_rl_memory_used"]'
NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH} emcc -O2 -mnontrapping-fptoint \
  -DLUA_ANSI -DENABLE_CJSON_GLOBAL -DREDIS_STATIC= -DLUA_USELONGLONG '-DSTRUCT_INT=long long' -I"$SRC" \
  $FILES "$ROOT/native/lua/redis-lua.c" \
  --js-library "$ROOT/native/lua/library.js" \
  -sMODULARIZE=1 -sEXPORT_ES6=1 -sEXPORT_NAME=createRedisLua -sENVIRONMENT=web \
  -sFILESYSTEM=0 -sDYNAMIC_EXECUTION=0 -sWASM_ASYNC_COMPILATION=0 \
  -sALLOW_MEMORY_GROWTH=1 -sINITIAL_MEMORY=8MB -sTOTAL_STACK=4MB \
  -sEXPORTED_FUNCTIONS="$EXPORTS" -sEXPORTED_RUNTIME_METHODS='["HEAPU8"]' \
  -sINCOMING_MODULE_JS_API='["instantiateWasm","host","print","printErr"]' \
  -o "$WORK/redis-lua.mjs"
# Only the wasm is kept: src/scripting/lua-vm.ts provides its few imports itself.
cp "$WORK/redis-lua.wasm" "$OUT/redis-lua.wasm"
cp "$WORK/deps/lua/COPYRIGHT" "$OUT/LUA-COPYRIGHT"
ls -l "$OUT"
sha256sum "$OUT/redis-lua.wasm"
