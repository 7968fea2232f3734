/*
 * The Lua side of the node's scripting: Redis's Lua 5.1 (its deps/lua, with cjson, cmsgpack,
 * struct, bit and read-only tables) compiled to WebAssembly, plus this glue. Written for this
 * project after reading Redis 7.0's script_lua.c, eval.c and function_lua.c for their semantics.
 *
 * Two interpreters per instance, as in Redis: state 0 runs EVAL scripts, state 1 FUNCTION
 * libraries. The host (TypeScript, src/scripting/) is reached through one import, host_call(op),
 * which reads its arguments from, and writes its answer to, a shared byte buffer:
 *   args:   u32 count, then per argument u32 length + bytes
 *   answer: RESP bytes (a command reply, in the script's RESP version) or a status byte.
 * A script's result comes back the same way: RESP3 bytes in the out buffer.
 *
 * Bounds: a count hook charges every 1000 instructions against the run's budget; past it the
 * hook raises on every line so pcall cannot swallow the error. The allocator caps the heap.
 */
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <stdint.h>
#include <math.h>
#include <emscripten.h>
#include "lua.h"
#include "lauxlib.h"
#include "lualib.h"

LUALIB_API int (luaopen_cjson) (lua_State *L);
LUALIB_API int (luaopen_struct) (lua_State *L);
LUALIB_API int (luaopen_cmsgpack) (lua_State *L);
LUALIB_API int (luaopen_bit) (lua_State *L);

/* The one import: asks the host to do `op` with the arguments in the args buffer. */
extern int host_call(int op, int state, int resp);

enum { OP_CALL = 1, OP_ACL_CHECK = 2, OP_LOG = 3, OP_SET_REPL = 4, OP_REGISTER = 5 };
enum { FLAG_NO_WRITES = 1, FLAG_ALLOW_OOM = 2, FLAG_ALLOW_STALE = 4, FLAG_NO_CLUSTER = 8, FLAG_ALLOW_CROSS_SLOT = 16 };

#define HOOK_EVERY 1000

/* ---- byte buffers shared with the host ---------------------------------------------------- */

typedef struct { uint8_t *p; size_t len, cap; } buf_t;
static buf_t args_buf, out_buf, in_buf;

static void buf_reserve(buf_t *b, size_t extra) {
  if (b->len + extra <= b->cap) return;
  size_t cap = b->cap ? b->cap : 256;
  while (cap < b->len + extra) cap *= 2;
  b->p = realloc(b->p, cap);
  b->cap = cap;
}
static void buf_put(buf_t *b, const void *s, size_t n) {
  buf_reserve(b, n);
  memcpy(b->p + b->len, s, n);
  b->len += n;
}
static void buf_str(buf_t *b, const char *s) { buf_put(b, s, strlen(s)); }
static void buf_u32(buf_t *b, uint32_t v) { buf_put(b, &v, 4); }
static void buf_arg(buf_t *b, const char *s, size_t n) { buf_u32(b, (uint32_t)n); buf_put(b, s, n); }

EMSCRIPTEN_KEEPALIVE uint8_t *rl_args_ptr(void) { return args_buf.p; }
EMSCRIPTEN_KEEPALIVE size_t rl_args_len(void) { return args_buf.len; }
EMSCRIPTEN_KEEPALIVE uint8_t *rl_out_ptr(void) { return out_buf.p; }
EMSCRIPTEN_KEEPALIVE size_t rl_out_len(void) { return out_buf.len; }
/* The host asks for room, writes its answer there, and returns its length from host_call. */
EMSCRIPTEN_KEEPALIVE uint8_t *rl_in_reserve(size_t n) { in_buf.len = 0; buf_reserve(&in_buf, n + 1); return in_buf.p; }
/* Input for rl_load / rl_call: the host fills it with length-prefixed strings. */
EMSCRIPTEN_KEEPALIVE uint8_t *rl_args_reserve(size_t n) { args_buf.len = 0; buf_reserve(&args_buf, n + 1); args_buf.len = n; return args_buf.p; }

/* ---- memory cap --------------------------------------------------------------------------- */

static size_t heap_used = 0, heap_limit = 64u << 20;
EMSCRIPTEN_KEEPALIVE void rl_set_memory_limit(size_t bytes) { heap_limit = bytes; }
EMSCRIPTEN_KEEPALIVE size_t rl_memory_used(void) { return heap_used; }

static void *capped_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  (void)ud;
  if (nsize == 0) { free(ptr); heap_used -= osize; return NULL; }
  if (nsize > osize && heap_used + (nsize - osize) > heap_limit) return NULL;
  void *p = realloc(ptr, nsize);
  if (p) heap_used = heap_used - osize + nsize;
  return p;
}

/* ---- per-run state ------------------------------------------------------------------------ */

typedef struct {
  lua_State *L;
  int running;      /* inside rl_call: redis.call and math.random are allowed */
  int loading;      /* inside rl_load_library: register_function is allowed */
  int resp;         /* the script client's RESP version (redis.setresp) */
  double budget;    /* instruction units (HOOK_EVERY instructions) left */
  int killed;       /* the budget ran out */
  int aborted;      /* the host stopped the run (rl_abort) */
} engine_t;

static engine_t engines[2];

static engine_t *engine_of(lua_State *L) {
  lua_getfield(L, LUA_REGISTRYINDEX, "__engine");
  int i = (int)lua_tonumber(L, -1);
  lua_pop(L, 1);
  return &engines[i];
}

/* Redis's redisLrand48 (rand.c): the 48-bit linear congruential generator, one state for the
 * process (both interpreters), from the same initial value and never reseeded between scripts,
 * so a node's sequence is the one a freshly started Redis gives. */
#define LRAND_MAX 2147483647
static uint64_t rand_state = 0x1234ABCD330EULL;
static int32_t lrand48_next(void) {
  rand_state = (rand_state * 0x5DEECE66DULL + 0xB) & 0xFFFFFFFFFFFFULL;
  return (int32_t)(rand_state >> 17);
}
static void lrand48_seed(int32_t seed) { rand_state = ((uint64_t)(uint32_t)seed << 16) | 0x330E; }

/* ---- errors as Redis shapes them ---------------------------------------------------------- */

/* Pushes {err="CODE msg"}: a leading '-' carries its own code, otherwise the code is ERR. */
static void push_error(lua_State *L, const char *text, size_t len) {
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  if (len > 0 && text[0] == '-') {
    const char *sp = memchr(text, ' ', len);
    if (!sp) { luaL_addstring(&b, "ERR "); luaL_addlstring(&b, text + 1, len - 1); }
    else luaL_addlstring(&b, text + 1, len - 1);
  } else {
    luaL_addstring(&b, "ERR ");
    luaL_addlstring(&b, text, len);
  }
  luaL_pushresult(&b);
  /* trim trailing CR/LF */
  size_t n; const char *s = lua_tolstring(L, -1, &n);
  while (n > 0 && (s[n - 1] == '\r' || s[n - 1] == '\n')) n--;
  lua_pushlstring(L, s, n);
  lua_remove(L, -2);
  lua_newtable(L);
  lua_pushstring(L, "err");
  lua_pushvalue(L, -3);
  lua_settable(L, -3);
  lua_remove(L, -2);
}
static void push_error_str(lua_State *L, const char *text) { push_error(L, text, strlen(text)); }

/* ---- RESP (host reply) → Lua ---------------------------------------------------------------- */

static const char *resp_line_end(const char *p) { return strstr(p, "\r\n"); }

static const char *resp_to_lua(lua_State *L, const char *p) {
  const char *e = resp_line_end(p);
  luaL_checkstack(L, 4, "reached lua stack limit");
  switch (*p) {
    case ':': lua_pushnumber(L, (lua_Number)strtoll(p + 1, NULL, 10)); return e + 2;
    case '$': {
      long long n = strtoll(p + 1, NULL, 10);
      if (n < 0) { lua_pushboolean(L, 0); return e + 2; }
      lua_pushlstring(L, e + 2, (size_t)n);
      return e + 2 + n + 2;
    }
    case '+':
      lua_newtable(L); lua_pushstring(L, "ok"); lua_pushlstring(L, p + 1, e - p - 1); lua_settable(L, -3);
      return e + 2;
    case '-':
      push_error(L, p, e - p);
      lua_pushstring(L, "ignore_error_stats_update"); lua_pushboolean(L, 1); lua_settable(L, -3);
      return e + 2;
    case '*': case '~': case '%': case '>': {
      long long n = strtoll(p + 1, NULL, 10);
      const char *q = e + 2;
      if (n < 0) { lua_pushboolean(L, 0); return q; }
      if (*p == '*' || *p == '>') {
        lua_newtable(L);
        for (long long j = 0; j < n; j++) { lua_pushnumber(L, (lua_Number)(j + 1)); q = resp_to_lua(L, q); lua_settable(L, -3); }
        return q;
      }
      lua_newtable(L);
      lua_pushstring(L, *p == '%' ? "map" : "set");
      lua_newtable(L);
      for (long long j = 0; j < n; j++) {
        q = resp_to_lua(L, q);
        if (*p == '%') q = resp_to_lua(L, q); else lua_pushboolean(L, 1);
        lua_settable(L, -3);
      }
      lua_settable(L, -3);
      return q;
    }
    case '_': lua_pushnil(L); return e + 2;
    case '#': lua_pushboolean(L, p[1] == 't'); return e + 2;
    case ',': {
      lua_newtable(L); lua_pushstring(L, "double");
      char tmp[64]; size_t n = (size_t)(e - p - 1); if (n > 63) n = 63; memcpy(tmp, p + 1, n); tmp[n] = 0;
      lua_pushnumber(L, strcmp(tmp, "inf") == 0 ? HUGE_VAL : strcmp(tmp, "-inf") == 0 ? -HUGE_VAL : strtod(tmp, NULL));
      lua_settable(L, -3);
      return e + 2;
    }
    case '(':
      lua_newtable(L); lua_pushstring(L, "big_number"); lua_pushlstring(L, p + 1, e - p - 1); lua_settable(L, -3);
      return e + 2;
    case '=': {
      long long n = strtoll(p + 1, NULL, 10);
      const char *s = e + 2;
      lua_newtable(L); lua_pushstring(L, "verbatim_string");
      lua_newtable(L);
      lua_pushstring(L, "format"); lua_pushlstring(L, s, 3); lua_settable(L, -3);
      lua_pushstring(L, "string"); lua_pushlstring(L, s + 4, (size_t)(n - 4)); lua_settable(L, -3);
      lua_settable(L, -3);
      return s + n + 2;
    }
    default: lua_pushnil(L); return e ? e + 2 : p + strlen(p);
  }
}

/* ---- Lua value → RESP3 bytes (the script's result) ---------------------------------------- */

/* (long long)d as x86 computes it: out of range and NaN give LLONG_MIN, as on Redis's usual hosts. */
static long long to_ll(double d) {
  if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0)) return INT64_MIN;
  return (long long)d;
}

static void out_line(char type, const char *s, size_t n) {
  buf_put(&out_buf, &type, 1);
  for (size_t i = 0; i < n; i++) { char c = s[i]; if (c == '\r' || c == '\n') c = ' '; buf_put(&out_buf, &c, 1); }
  buf_str(&out_buf, "\r\n");
}
static void out_len(char type, long long n) { char tmp[32]; snprintf(tmp, sizeof tmp, "%c%lld\r\n", type, n); buf_str(&out_buf, tmp); }
static void out_bulk(const char *s, size_t n) { out_len('$', (long long)n); buf_put(&out_buf, s, n); buf_str(&out_buf, "\r\n"); }

/* Patches a length header written as a fixed-width placeholder. */
static size_t out_placeholder(char type) { size_t at = out_buf.len; buf_str(&out_buf, " 0000000000\r\n"); out_buf.p[at] = type; return at; }
static void out_patch(size_t at, long long n) { char tmp[16]; snprintf(tmp, sizeof tmp, "%010lld", n); memcpy(out_buf.p + at + 1, tmp, 10); }

static void error_info(lua_State *L, const char **msg, const char **source, const char **line);

/* Out of line, so the recursive lua_to_resp's frames stay small (the wasm stack is 4 MiB). */
__attribute__((noinline)) static void out_double(double d) {
  char tmp[64];
  if (isinf(d)) snprintf(tmp, sizeof tmp, ",%s\r\n", d > 0 ? "inf" : "-inf");
  else snprintf(tmp, sizeof tmp, ",%.17g\r\n", d);
  buf_str(&out_buf, tmp);
}

/* Nesting a reply may have: the host parses and encodes replies recursively, and a deeper one
 * would overflow its stack. Redis stops at Lua's stack limit (about 8000 levels) instead. */
#define MAX_REPLY_DEPTH 1000
static int reply_depth = 0;

static void lua_to_resp_at(lua_State *L, engine_t *e);
static void lua_to_resp(lua_State *L, engine_t *e) {
  if (reply_depth >= MAX_REPLY_DEPTH || !lua_checkstack(L, 4)) { out_line('-', "ERR reached lua stack limit", 27); lua_pop(L, 1); return; }
  reply_depth++;
  lua_to_resp_at(L, e);
  reply_depth--;
}

static void lua_to_resp_at(lua_State *L, engine_t *e) {
  switch (lua_type(L, -1)) {
    case LUA_TSTRING: { size_t n; const char *s = lua_tolstring(L, -1, &n); out_bulk(s, n); break; }
    case LUA_TBOOLEAN:
      if (e->resp == 2) { if (lua_toboolean(L, -1)) buf_str(&out_buf, ":1\r\n"); else buf_str(&out_buf, "_\r\n"); }
      else buf_str(&out_buf, lua_toboolean(L, -1) ? "#t\r\n" : "#f\r\n");
      break;
    case LUA_TNUMBER: out_len(':', to_ll(lua_tonumber(L, -1))); break;
    case LUA_TTABLE: {
      lua_pushstring(L, "err"); lua_rawget(L, -2);
      if (lua_type(L, -1) == LUA_TSTRING) {
        lua_pop(L, 1);
        const char *msg, *source, *line;
        error_info(L, &msg, &source, &line);
        out_line('-', msg ? msg : "", msg ? strlen(msg) : 0);
        lua_pop(L, 4); /* msg, source, line values pushed by error_info, then the table */
        return;
      }
      lua_pop(L, 1);
      lua_pushstring(L, "ok"); lua_rawget(L, -2);
      if (lua_type(L, -1) == LUA_TSTRING) { size_t n; const char *s = lua_tolstring(L, -1, &n); out_line('+', s, n); lua_pop(L, 2); return; }
      lua_pop(L, 1);
      lua_pushstring(L, "double"); lua_rawget(L, -2);
      if (lua_type(L, -1) == LUA_TNUMBER) { out_double(lua_tonumber(L, -1)); lua_pop(L, 2); return; }
      lua_pop(L, 1);
      lua_pushstring(L, "big_number"); lua_rawget(L, -2);
      if (lua_type(L, -1) == LUA_TSTRING) { size_t n; const char *s = lua_tolstring(L, -1, &n); out_line('(', s, n); lua_pop(L, 2); return; }
      lua_pop(L, 1);
      lua_pushstring(L, "verbatim_string"); lua_rawget(L, -2);
      if (lua_type(L, -1) == LUA_TTABLE) {
        lua_pushstring(L, "format"); lua_rawget(L, -2);
        lua_pushstring(L, "string"); lua_rawget(L, -3);
        if (lua_type(L, -2) == LUA_TSTRING && lua_type(L, -1) == LUA_TSTRING) {
          size_t fn, sn; const char *f = lua_tolstring(L, -2, &fn); const char *s = lua_tolstring(L, -1, &sn);
          out_len('=', (long long)(sn + 4)); buf_put(&out_buf, f, fn > 3 ? 3 : fn); buf_str(&out_buf, ":"); buf_put(&out_buf, s, sn); buf_str(&out_buf, "\r\n");
          lua_pop(L, 4); return;
        }
        lua_pop(L, 2);
      }
      lua_pop(L, 1);
      lua_pushstring(L, "map"); lua_rawget(L, -2);
      if (lua_type(L, -1) == LUA_TTABLE) {
        size_t at = out_placeholder('%'); long long n = 0;
        lua_pushnil(L);
        while (lua_next(L, -2)) { lua_pushvalue(L, -2); lua_to_resp(L, e); lua_to_resp(L, e); n++; }
        out_patch(at, n); lua_pop(L, 2); return;
      }
      lua_pop(L, 1);
      lua_pushstring(L, "set"); lua_rawget(L, -2);
      if (lua_type(L, -1) == LUA_TTABLE) {
        size_t at = out_placeholder('~'); long long n = 0;
        lua_pushnil(L);
        while (lua_next(L, -2)) { lua_pop(L, 1); lua_pushvalue(L, -1); lua_to_resp(L, e); n++; }
        out_patch(at, n); lua_pop(L, 2); return;
      }
      lua_pop(L, 1);
      size_t at = out_placeholder('*'); long long n = 0;
      for (int j = 1;; j++) {
        lua_pushnumber(L, j); lua_rawget(L, -2);
        if (lua_type(L, -1) == LUA_TNIL) { lua_pop(L, 1); break; }
        lua_to_resp(L, e); n++;
      }
      out_patch(at, n);
      break;
    }
    default: buf_str(&out_buf, "_\r\n");
  }
  lua_pop(L, 1);
}

/* Reads err/source/line of the error table on top; pushes the three fields (strings or nil). */
static void error_info(lua_State *L, const char **msg, const char **source, const char **line) {
  lua_getfield(L, -1, "err"); *msg = lua_isstring(L, -1) ? lua_tostring(L, -1) : NULL;
  lua_getfield(L, -2, "source"); *source = lua_isstring(L, -1) ? lua_tostring(L, -1) : NULL;
  lua_getfield(L, -3, "line"); *line = lua_isstring(L, -1) ? lua_tostring(L, -1) : NULL;
}

/* ---- redis.* -------------------------------------------------------------------------------- */

/* Packs the call's arguments; numbers as "%.17g" (lua_tostring would lose precision). */
static int pack_args(lua_State *L, int from) {
  int argc = lua_gettop(L) - from + 1;
  args_buf.len = 0;
  buf_u32(&args_buf, (uint32_t)argc);
  for (int j = from; j <= lua_gettop(L); j++) {
    if (lua_type(L, j) == LUA_TNUMBER) {
      char tmp[64]; int n = snprintf(tmp, sizeof tmp, "%.17g", (double)lua_tonumber(L, j));
      buf_arg(&args_buf, tmp, (size_t)n);
    } else {
      size_t n; const char *s = lua_tolstring(L, j, &n);
      if (!s) return 0;
      buf_arg(&args_buf, s, n);
    }
  }
  return 1;
}

static int redis_generic(lua_State *L, int raise) {
  engine_t *e = engine_of(L);
  if (!e->running) { push_error_str(L, "redis.call/pcall can only be called inside a script invocation"); return lua_error(L); }
  if (lua_gettop(L) == 0) { push_error_str(L, "Please specify at least one argument for this redis lib call"); return raise ? lua_error(L) : 1; }
  if (!pack_args(L, 1)) {
    lua_settop(L, 0);
    push_error_str(L, "Lua redis lib command arguments must be strings or integers");
    return raise ? lua_error(L) : 1;
  }
  lua_settop(L, 0);
  /* A command's work is C, which the count hook does not see: each call is charged one unit
   * (HOOK_EVERY instructions), so a loop of calls meets its budget too. */
  e->budget -= 1;
  int n = host_call(OP_CALL, (int)(e - engines), e->resp);
  in_buf.p[n] = 0;
  resp_to_lua(L, (const char *)in_buf.p);
  if (raise && in_buf.p[0] == '-') return lua_error(L);
  return 1;
}
static int redis_call(lua_State *L) { return redis_generic(L, 1); }
static int redis_pcall(lua_State *L) { return redis_generic(L, 0); }

/* pcall that hands back the message of a {err=...} error rather than the table (Redis 7's pcall). */
static int lua_pcall_compat(lua_State *L) {
  int argc = lua_gettop(L);
  lua_pushboolean(L, 1);
  lua_insert(L, 1);
  if (lua_pcall(L, argc - 1, LUA_MULTRET, 0)) {
    lua_remove(L, 1);
    if (lua_istable(L, -1)) {
      lua_getfield(L, -1, "err");
      if (lua_isstring(L, -1)) lua_replace(L, -2); else lua_pop(L, 1);
    }
    lua_pushboolean(L, 0);
    lua_insert(L, 1);
  }
  return lua_gettop(L);
}

/* SHA-1, for redis.sha1hex (the host hashes script bodies itself). */
typedef struct { uint32_t h[5]; uint64_t n; uint8_t block[64]; size_t used; } sha1_t;
static uint32_t rol(uint32_t x, int k) { return (x << k) | (x >> (32 - k)); }
static void sha1_block(sha1_t *c, const uint8_t *b) {
  uint32_t w[80];
  for (int i = 0; i < 16; i++) w[i] = (uint32_t)b[4*i] << 24 | (uint32_t)b[4*i+1] << 16 | (uint32_t)b[4*i+2] << 8 | b[4*i+3];
  for (int i = 16; i < 80; i++) w[i] = rol(w[i-3] ^ w[i-8] ^ w[i-14] ^ w[i-16], 1);
  uint32_t a = c->h[0], bb = c->h[1], cc = c->h[2], d = c->h[3], ee = c->h[4];
  for (int i = 0; i < 80; i++) {
    uint32_t f, k;
    if (i < 20) { f = (bb & cc) | (~bb & d); k = 0x5A827999; }
    else if (i < 40) { f = bb ^ cc ^ d; k = 0x6ED9EBA1; }
    else if (i < 60) { f = (bb & cc) | (bb & d) | (cc & d); k = 0x8F1BBCDC; }
    else { f = bb ^ cc ^ d; k = 0xCA62C1D6; }
    uint32_t t = rol(a, 5) + f + ee + k + w[i];
    ee = d; d = cc; cc = rol(bb, 30); bb = a; a = t;
  }
  c->h[0] += a; c->h[1] += bb; c->h[2] += cc; c->h[3] += d; c->h[4] += ee;
}
static void sha1hex(char out[41], const char *s, size_t len) {
  sha1_t c = { { 0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0 }, 0, {0}, 0 };
  for (size_t i = 0; i < len; i++) { c.block[c.used++] = (uint8_t)s[i]; if (c.used == 64) { sha1_block(&c, c.block); c.used = 0; } }
  uint64_t bits = (uint64_t)len * 8;
  c.block[c.used++] = 0x80;
  if (c.used > 56) { while (c.used < 64) c.block[c.used++] = 0; sha1_block(&c, c.block); c.used = 0; }
  while (c.used < 56) c.block[c.used++] = 0;
  for (int i = 7; i >= 0; i--) c.block[c.used++] = (uint8_t)(bits >> (8 * i));
  sha1_block(&c, c.block);
  for (int i = 0; i < 5; i++) snprintf(out + 8 * i, 9, "%08x", c.h[i]);
}

static int redis_sha1hex(lua_State *L) {
  if (lua_gettop(L) != 1) { push_error_str(L, "wrong number of arguments"); return lua_error(L); }
  size_t n; const char *s = lua_tolstring(L, 1, &n);
  char hex[41]; sha1hex(hex, s ? s : "", s ? n : 0);
  lua_pushstring(L, hex);
  return 1;
}

static int single_field(lua_State *L, const char *field) {
  if (lua_gettop(L) != 1 || lua_type(L, -1) != LUA_TSTRING) { push_error_str(L, "wrong number or type of arguments"); return 1; }
  lua_newtable(L); lua_pushstring(L, field); lua_pushvalue(L, -3); lua_settable(L, -3);
  return 1;
}
static int redis_status_reply(lua_State *L) { return single_field(L, "ok"); }
static int redis_error_reply(lua_State *L) {
  if (lua_gettop(L) != 1 || lua_type(L, -1) != LUA_TSTRING) { push_error_str(L, "wrong number or type of arguments"); return 1; }
  size_t n; const char *s = lua_tolstring(L, -1, &n);
  if (n > 0 && s[0] == '-') push_error(L, s, n);
  else { lua_pushfstring(L, "-%s", s); size_t m; const char *t = lua_tolstring(L, -1, &m); push_error(L, t, m); lua_remove(L, -2); }
  return 1;
}

static int redis_log(lua_State *L) {
  int argc = lua_gettop(L);
  if (argc < 2) { push_error_str(L, "redis.log() requires two arguments or more."); return lua_error(L); }
  if (!lua_isnumber(L, 1)) { push_error_str(L, "First argument must be a number (log level)."); return lua_error(L); }
  int level = (int)lua_tonumber(L, 1);
  if (level < 0 || level > 3) { push_error_str(L, "Invalid debug level."); return lua_error(L); }
  args_buf.len = 0;
  buf_u32(&args_buf, 2);
  char lv[8]; int ln = snprintf(lv, sizeof lv, "%d", level); buf_arg(&args_buf, lv, (size_t)ln);
  luaL_Buffer b; luaL_buffinit(L, &b);
  for (int j = 2; j <= argc; j++) {
    size_t n; const char *s = lua_tolstring(L, j, &n);
    if (s) { if (j != 2) luaL_addchar(&b, ' '); luaL_addlstring(&b, s, n); }
  }
  luaL_pushresult(&b);
  size_t n; const char *s = lua_tolstring(L, -1, &n);
  buf_arg(&args_buf, s, n);
  host_call(OP_LOG, (int)(engine_of(L) - engines), 2);
  return 0;
}

static int redis_setresp(lua_State *L) {
  engine_t *e = engine_of(L);
  if (!e->running) { push_error_str(L, "redis.setresp can only be called inside a script invocation"); return lua_error(L); }
  if (lua_gettop(L) != 1) { push_error_str(L, "redis.setresp() requires one argument."); return lua_error(L); }
  int resp = (int)lua_tonumber(L, 1);
  if (resp != 2 && resp != 3) { push_error_str(L, "RESP version must be 2 or 3."); return lua_error(L); }
  e->resp = resp;
  return 0;
}

static int redis_set_repl(lua_State *L) {
  engine_t *e = engine_of(L);
  if (!e->running) { push_error_str(L, "redis.set_repl can only be called inside a script invocation"); return lua_error(L); }
  if (lua_gettop(L) != 1) { push_error_str(L, "redis.set_repl() requires two arguments."); return lua_error(L); }
  int flags = (int)lua_tonumber(L, -1);
  if ((flags & ~3) != 0) { push_error_str(L, "Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE."); return lua_error(L); }
  args_buf.len = 0; buf_u32(&args_buf, 1);
  char tmp[8]; int n = snprintf(tmp, sizeof tmp, "%d", flags); buf_arg(&args_buf, tmp, (size_t)n);
  host_call(OP_SET_REPL, (int)(e - engines), e->resp);
  return 0;
}

static int redis_acl_check_cmd(lua_State *L) {
  engine_t *e = engine_of(L);
  if (!e->running) { push_error_str(L, "redis.acl_check_cmd can only be called inside a script invocation"); return lua_error(L); }
  if (lua_gettop(L) == 0) { push_error_str(L, "Please specify at least one argument for this redis lib call"); return lua_error(L); }
  if (!pack_args(L, 1)) { lua_settop(L, 0); push_error_str(L, "Lua redis lib command arguments must be strings or integers"); return lua_error(L); }
  lua_settop(L, 0);
  int n = host_call(OP_ACL_CHECK, (int)(e - engines), e->resp);
  if (n == 0) { push_error_str(L, "Invalid command passed to redis.acl_check_cmd()"); return lua_error(L); }
  lua_pushboolean(L, in_buf.p[0] == '1');
  return 1;
}

static int redis_breakpoint(lua_State *L) { lua_pushboolean(L, 0); return 1; }
static int redis_debug(lua_State *L) { (void)L; return 0; }
static int redis_replicate_commands(lua_State *L) { lua_pushboolean(L, 1); return 1; }

static int math_random(lua_State *L) {
  engine_t *e = engine_of(L);
  if (!e->running) return luaL_error(L, "math.random can only be called inside a script invocation");
  lua_Number r = (lua_Number)(lrand48_next() % LRAND_MAX) / (lua_Number)LRAND_MAX;
  switch (lua_gettop(L)) {
    case 0: lua_pushnumber(L, r); break;
    case 1: { int u = luaL_checkint(L, 1); luaL_argcheck(L, 1 <= u, 1, "interval is empty"); lua_pushnumber(L, floor(r * u) + 1); break; }
    case 2: {
      int l = luaL_checkint(L, 1), u = luaL_checkint(L, 2);
      luaL_argcheck(L, l <= u, 2, "interval is empty");
      lua_pushnumber(L, floor(r * (u - l + 1)) + l);
      break;
    }
    default: return luaL_error(L, "wrong number of arguments");
  }
  return 1;
}
static int math_randomseed(lua_State *L) {
  engine_t *e = engine_of(L);
  if (!e->running) return luaL_error(L, "math.randomseed can only be called inside a script invocation");
  lrand48_seed(luaL_checkint(L, 1));
  return 0;
}

static int global_missing(lua_State *L) {
  if (lua_gettop(L) != 2) luaL_error(L, "Wrong number of arguments to luaProtectedTableError");
  if (!lua_isstring(L, -1) && !lua_isnumber(L, -1)) luaL_error(L, "Second argument to luaProtectedTableError must be a string or number");
  return luaL_error(L, "Script attempted to access nonexistent global variable '%s'", lua_tostring(L, -1));
}

/* Sets, on the table on top, a metatable whose __index raises for missing names. */
static void set_error_metatable(lua_State *L) {
  lua_newtable(L);
  lua_pushcfunction(L, global_missing);
  lua_setfield(L, -2, "__index");
  lua_setmetatable(L, -2);
}

static void protect_recursively(lua_State *L) {
  if (lua_isreadonlytable(L, -1)) return;
  lua_enablereadonlytable(L, -1, 1);
  lua_checkstack(L, 2);
  lua_pushnil(L);
  while (lua_next(L, -2)) {
    if (lua_istable(L, -1)) protect_recursively(L);
    lua_pop(L, 1);
  }
  if (lua_getmetatable(L, -1)) { protect_recursively(L); lua_pop(L, 1); }
}

/* ---- budget --------------------------------------------------------------------------------- */

static void count_hook(lua_State *L, lua_Debug *ar) {
  (void)ar;
  engine_t *e = engine_of(L);
  if (e->aborted) {
    push_error_str(L, "Script aborted by the server");
    lua_error(L);
  }
  if (!e->killed) {
    e->budget -= 1;
    if (e->budget > 0) return;
    e->killed = 1;
    /* From now on, every line raises: a pcall in the script cannot catch its way past the limit. */
    lua_sethook(L, count_hook, LUA_MASKLINE, 0);
  }
  push_error_str(L, "Script killed: it ran past its instruction budget (busy-reply-threshold); its writes were rolled back");
  lua_error(L);
}

EMSCRIPTEN_KEEPALIVE int rl_killed(int state) { return engines[state].killed; }

/* Stops the running script at its next line, whatever pcalls it is inside (called from host_call). */
EMSCRIPTEN_KEEPALIVE void rl_abort(int state) {
  engine_t *e = &engines[state];
  if (!e->running) return;
  e->aborted = 1;
  lua_sethook(e->L, count_hook, LUA_MASKLINE | LUA_MASKCOUNT, 1);
}

/* ---- registration of redis.register_function (FUNCTION LOAD) -------------------------------- */

static const char *flag_names[] = { "no-writes", "allow-oom", "allow-stale", "no-cluster", "allow-cross-slot-keys", NULL };

static int read_flags(lua_State *L, int *flags) {
  *flags = 0;
  for (int j = 1;; j++) {
    lua_pushnumber(L, j); lua_gettable(L, -2);
    if (lua_type(L, -1) == LUA_TNIL) { lua_pop(L, 1); return 1; }
    if (!lua_isstring(L, -1)) { lua_pop(L, 1); return 0; }
    const char *s = lua_tostring(L, -1);
    int found = 0;
    for (int i = 0; flag_names[i]; i++) if (strcasecmp(flag_names[i], s) == 0) { *flags |= 1 << i; found = 1; }
    lua_pop(L, 1);
    if (!found) return 0;
  }
}

static int register_function(lua_State *L) {
  engine_t *e = engine_of(L);
  if (!e->loading) { push_error_str(L, "redis.register_function can only be called on FUNCTION LOAD command"); return lua_error(L); }
  int argc = lua_gettop(L);
  const char *err = NULL;
  int flags = 0, ref = LUA_NOREF;
  size_t nlen = 0, dlen = 0;
  const char *name = NULL, *desc = NULL;
  if (argc < 1 || argc > 2) err = "wrong number of arguments to redis.register_function";
  else if (argc == 2) {
    if (!lua_isstring(L, 1)) err = "first argument to redis.register_function must be a string";
    else if (!lua_isfunction(L, 2)) err = "second argument to redis.register_function must be a function";
    else { name = lua_tolstring(L, 1, &nlen); lua_pushvalue(L, 2); ref = luaL_ref(L, LUA_REGISTRYINDEX); }
  } else if (!lua_istable(L, 1)) {
    err = "calling redis.register_function with a single argument is only applicable to Lua table (representing named arguments).";
  } else {
    lua_pushnil(L);
    while (!err && lua_next(L, 1)) {
      if (!lua_isstring(L, -2)) { err = "named argument key given to redis.register_function is not a string"; lua_pop(L, 2); break; }
      const char *key = lua_tostring(L, -2);
      if (!strcasecmp(key, "function_name")) {
        if (!lua_isstring(L, -1)) err = "function_name argument given to redis.register_function must be a string";
        else { lua_pushvalue(L, -1); lua_setfield(L, LUA_REGISTRYINDEX, "__fname"); }
      } else if (!strcasecmp(key, "description")) {
        if (!lua_isstring(L, -1)) err = "description argument given to redis.register_function must be a string";
        else { lua_pushvalue(L, -1); lua_setfield(L, LUA_REGISTRYINDEX, "__fdesc"); }
      } else if (!strcasecmp(key, "callback")) {
        if (!lua_isfunction(L, -1)) err = "callback argument given to redis.register_function must be a function";
        else { if (ref != LUA_NOREF) luaL_unref(L, LUA_REGISTRYINDEX, ref); lua_pushvalue(L, -1); ref = luaL_ref(L, LUA_REGISTRYINDEX); }
      } else if (!strcasecmp(key, "flags")) {
        if (!lua_istable(L, -1)) err = "flags argument to redis.register_function must be a table representing function flags";
        else if (!read_flags(L, &flags)) err = "unknown flag given";
      } else err = "unknown argument given to redis.register_function";
      lua_pop(L, 1);
      if (err) lua_pop(L, 1);
    }
    if (!err) {
      lua_getfield(L, LUA_REGISTRYINDEX, "__fname");
      if (lua_isnil(L, -1)) err = "redis.register_function must get a function name argument";
      else if (ref == LUA_NOREF) err = "redis.register_function must get a callback argument";
      else name = lua_tolstring(L, -1, &nlen);
      lua_getfield(L, LUA_REGISTRYINDEX, "__fdesc");
      if (lua_isstring(L, -1)) desc = lua_tolstring(L, -1, &dlen);
    }
    lua_pushnil(L); lua_setfield(L, LUA_REGISTRYINDEX, "__fname");
    lua_pushnil(L); lua_setfield(L, LUA_REGISTRYINDEX, "__fdesc");
  }
  if (err) {
    if (ref != LUA_NOREF) luaL_unref(L, LUA_REGISTRYINDEX, ref);
    push_error_str(L, err);
    return lua_error(L);
  }
  /* The host checks the name and records (name, ref, flags, description) for the library. */
  args_buf.len = 0;
  buf_u32(&args_buf, desc ? 4 : 3);
  buf_arg(&args_buf, name, nlen);
  char tmp[32]; int n = snprintf(tmp, sizeof tmp, "%d", ref); buf_arg(&args_buf, tmp, (size_t)n);
  n = snprintf(tmp, sizeof tmp, "%d", flags); buf_arg(&args_buf, tmp, (size_t)n);
  if (desc) buf_arg(&args_buf, desc, dlen);
  int len = host_call(OP_REGISTER, (int)(e - engines), 2);
  if (len > 0) {
    luaL_unref(L, LUA_REGISTRYINDEX, ref);
    push_error(L, (const char *)in_buf.p, (size_t)len);
    return lua_error(L);
  }
  return 0;
}

/* ---- setup ---------------------------------------------------------------------------------- */

static void set_fn(lua_State *L, const char *name, lua_CFunction f) { lua_pushcfunction(L, f); lua_setfield(L, -2, name); }
static void set_num(lua_State *L, const char *name, double v) { lua_pushnumber(L, v); lua_setfield(L, -2, name); }

static void open_lib(lua_State *L, const char *name, lua_CFunction f) { lua_pushcfunction(L, f); lua_pushstring(L, name); lua_call(L, 1, 0); }

static const char *ERR_HANDLER =
  "local dbg = debug\n"
  "debug = nil\n"
  "return function(err)\n"
  "  local i = dbg.getinfo(2, 'nSl')\n"
  "  if i and i.what == 'C' then i = dbg.getinfo(3, 'nSl') end\n"
  "  if type(err) ~= 'table' then err = {err = 'ERR ' .. tostring(err)} end\n"
  "  if i then err['source'] = i.source; err['line'] = i.currentline end\n"
  "  return err\n"
  "end\n";

static void register_log_and_version(lua_State *L, int version_num, const char *version) {
  set_fn(L, "log", redis_log);
  set_num(L, "LOG_DEBUG", 0); set_num(L, "LOG_VERBOSE", 1); set_num(L, "LOG_NOTICE", 2); set_num(L, "LOG_WARNING", 3);
  set_num(L, "REDIS_VERSION_NUM", version_num);
  lua_pushstring(L, version); lua_setfield(L, -2, "REDIS_VERSION");
}

/* Creates interpreter `state` (0: EVAL, 1: FUNCTION). Returns 0. */
EMSCRIPTEN_KEEPALIVE int rl_open(int state, int version_num, const char *version) {
  engine_t *e = &engines[state];
  if (e->L) lua_close(e->L);
  memset(e, 0, sizeof *e);
  lua_State *L = lua_newstate(capped_alloc, NULL);
  e->L = L;
  e->resp = 2;
  lua_pushnumber(L, state); lua_setfield(L, LUA_REGISTRYINDEX, "__engine");

  open_lib(L, "", luaopen_base);
  open_lib(L, LUA_TABLIBNAME, luaopen_table);
  open_lib(L, LUA_STRLIBNAME, luaopen_string);
  open_lib(L, LUA_MATHLIBNAME, luaopen_math);
  open_lib(L, LUA_DBLIBNAME, luaopen_debug);
  open_lib(L, "cjson", luaopen_cjson);
  open_lib(L, "struct", luaopen_struct);
  open_lib(L, "cmsgpack", luaopen_cmsgpack);
  open_lib(L, "bit", luaopen_bit);
  /* Not in Redis's globals allow list. */
  lua_pushnil(L); lua_setglobal(L, "dofile");
  lua_pushnil(L); lua_setglobal(L, "loadfile");
  lua_pushnil(L); lua_setglobal(L, "print");

  lua_pushcfunction(L, lua_pcall_compat); lua_setglobal(L, "pcall");

  lua_newtable(L);
  set_fn(L, "call", redis_call);
  set_fn(L, "pcall", redis_pcall);
  register_log_and_version(L, version_num, version);
  set_fn(L, "setresp", redis_setresp);
  set_fn(L, "sha1hex", redis_sha1hex);
  set_fn(L, "error_reply", redis_error_reply);
  set_fn(L, "status_reply", redis_status_reply);
  set_fn(L, "set_repl", redis_set_repl);
  set_num(L, "REPL_NONE", 0); set_num(L, "REPL_AOF", 1); set_num(L, "REPL_SLAVE", 2); set_num(L, "REPL_REPLICA", 2); set_num(L, "REPL_ALL", 3);
  set_fn(L, "acl_check_cmd", redis_acl_check_cmd);
  if (state == 0) {
    set_fn(L, "breakpoint", redis_breakpoint);
    set_fn(L, "debug", redis_debug);
    set_fn(L, "replicate_commands", redis_replicate_commands);
  }
  lua_setglobal(L, "redis");

  lua_getglobal(L, "math");
  set_fn(L, "random", math_random);
  set_fn(L, "randomseed", math_randomseed);
  lua_pop(L, 1);

  /* The error handler, kept in the registry; it also removes `debug` from the globals. */
  luaL_loadbuffer(L, ERR_HANDLER, strlen(ERR_HANDLER), "@err_handler_def");
  lua_pcall(L, 0, 1, 0);
  lua_setfield(L, LUA_REGISTRYINDEX, "__err_handler");

  if (state == 1) {
    /* What a library's top-level code sees: redis.register_function/log/version, nothing else. */
    lua_newtable(L);                 /* load-time globals */
    lua_newtable(L);                 /* its `redis` */
    set_fn(L, "register_function", register_function);
    register_log_and_version(L, version_num, version);
    set_error_metatable(L);
    lua_setfield(L, -2, "redis");
    set_error_metatable(L);
    protect_recursively(L);
    lua_setfield(L, LUA_REGISTRYINDEX, "__load_globals");
  }

  lua_pushvalue(L, LUA_GLOBALSINDEX);
  set_error_metatable(L);
  protect_recursively(L);
  lua_pop(L, 1);

  if (state == 1) {
    lua_pushvalue(L, LUA_GLOBALSINDEX);
    lua_setfield(L, LUA_REGISTRYINDEX, "__globals");
    /* New, empty, read-only globals whose metatable (switched during loads) reads the real ones. */
    lua_newtable(L);
    lua_newtable(L);
    lua_pushvalue(L, LUA_GLOBALSINDEX);
    lua_setfield(L, -2, "__index");
    lua_enablereadonlytable(L, -1, 1);
    lua_setmetatable(L, -2);
    lua_enablereadonlytable(L, -1, 1);
    lua_replace(L, LUA_GLOBALSINDEX);
  }
  return 0;
}

EMSCRIPTEN_KEEPALIVE void rl_close(int state) {
  if (engines[state].L) lua_close(engines[state].L);
  memset(&engines[state], 0, sizeof engines[state]);
}

/* Reads the i-th length-prefixed string of the args buffer. */
static const uint8_t *arg_at(const uint8_t *p, const uint8_t **s, size_t *n) {
  uint32_t len; memcpy(&len, p, 4);
  *s = p + 4; *n = len;
  return p + 4 + len;
}

/* Compiles the script in the args buffer (name, body) into registry[name]. 0 ok; else the error
 * text is in the out buffer. */
EMSCRIPTEN_KEEPALIVE int rl_load(int state) {
  lua_State *L = engines[state].L;
  const uint8_t *p = args_buf.p + 4, *name, *body;
  size_t nn, bn;
  p = arg_at(p, &name, &nn);
  p = arg_at(p, &body, &bn);
  out_buf.len = 0;
  if (luaL_loadbuffer(L, (const char *)body, bn, "@user_script")) {
    buf_str(&out_buf, "Error compiling script (new function): ");
    size_t n; const char *m = lua_tolstring(L, -1, &n);
    buf_put(&out_buf, m, n);
    lua_pop(L, 1);
    return 1;
  }
  lua_pushlstring(L, (const char *)name, nn);
  lua_insert(L, -2);
  lua_settable(L, LUA_REGISTRYINDEX);
  return 0;
}

EMSCRIPTEN_KEEPALIVE void rl_unref(int state, int ref) { luaL_unref(engines[state].L, LUA_REGISTRYINDEX, ref); }

/* Runs a library's code (args buffer: body) so it registers its functions. budget: instruction
 * units. 0 ok; else the error text is in the out buffer. */
EMSCRIPTEN_KEEPALIVE int rl_load_library(int state, double budget) {
  engine_t *e = &engines[state];
  lua_State *L = e->L;
  const uint8_t *body; size_t bn;
  arg_at(args_buf.p + 4, &body, &bn);
  out_buf.len = 0;
  lua_getmetatable(L, LUA_GLOBALSINDEX);
  lua_enablereadonlytable(L, -1, 0);
  lua_getfield(L, LUA_REGISTRYINDEX, "__load_globals");
  lua_setfield(L, -2, "__index");
  lua_enablereadonlytable(L, -1, 1);
  lua_pop(L, 1);
  int rc = 0;
  if (luaL_loadbuffer(L, (const char *)body, bn, "@user_function")) {
    buf_str(&out_buf, "Error compiling function: ");
    size_t n; const char *m = lua_tolstring(L, -1, &n); buf_put(&out_buf, m, n);
    lua_pop(L, 1);
    rc = 1;
  } else {
    e->loading = 1; e->killed = 0; e->budget = budget;
    lua_sethook(L, count_hook, LUA_MASKCOUNT, HOOK_EVERY);
    if (lua_pcall(L, 0, 0, 0)) {
      buf_str(&out_buf, "Error registering functions: ");
      if (lua_istable(L, -1)) { lua_getfield(L, -1, "err"); if (lua_isstring(L, -1)) { size_t n; const char *m = lua_tolstring(L, -1, &n); buf_put(&out_buf, m, n); } lua_pop(L, 1); }
      else if (lua_isstring(L, -1)) { buf_str(&out_buf, "ERR "); buf_str(&out_buf, lua_tostring(L, -1)); }
      lua_pop(L, 1);
      rc = 1;
    }
    lua_sethook(L, NULL, 0, 0);
    e->loading = 0;
  }
  lua_getmetatable(L, LUA_GLOBALSINDEX);
  lua_enablereadonlytable(L, -1, 0);
  lua_getfield(L, LUA_REGISTRYINDEX, "__globals");
  lua_setfield(L, -2, "__index");
  lua_enablereadonlytable(L, -1, 1);
  lua_pop(L, 1);
  return rc;
}

static void push_array(lua_State *L, const uint8_t **p, uint32_t n) {
  lua_createtable(L, (int)n, 0);
  for (uint32_t j = 0; j < n; j++) {
    const uint8_t *s; size_t len;
    *p = arg_at(*p, &s, &len);
    lua_pushlstring(L, (const char *)s, len);
    lua_rawseti(L, -2, (int)j + 1);
  }
}

static int gc_count = 0;

/*
 * Runs a compiled script or function. The args buffer holds: name-or-ref, funcname (for error
 * texts), nkeys keys, then args (the count prefix is 2 + nkeys + nargs). mode 0: EVAL (KEYS/ARGV
 * globals, script at registry[name]); mode 1: function (registry ref, called with (keys, args)).
 * The RESP3 result is left in the out buffer. Returns 0, or 1 when the budget ran out.
 */
EMSCRIPTEN_KEEPALIVE int rl_call(int state, int mode, int nkeys, double budget) {
  engine_t *e = &engines[state];
  lua_State *L = e->L;
  uint32_t total; memcpy(&total, args_buf.p, 4);
  const uint8_t *p = args_buf.p + 4, *name, *fname;
  size_t nn, fn;
  p = arg_at(p, &name, &nn);
  p = arg_at(p, &fname, &fn);
  char funcname[128];
  snprintf(funcname, sizeof funcname, "%.*s", (int)(fn < 120 ? fn : 120), (const char *)fname);
  out_buf.len = 0;

  lua_getfield(L, LUA_REGISTRYINDEX, "__err_handler");
  if (mode == 0) {
    lua_pushlstring(L, (const char *)name, nn);
    lua_gettable(L, LUA_REGISTRYINDEX);
  } else {
    char tmp[32]; size_t k = nn < 31 ? nn : 31; memcpy(tmp, name, k); tmp[k] = 0;
    lua_rawgeti(L, LUA_REGISTRYINDEX, atoi(tmp));
  }
  if (!lua_isfunction(L, -1)) { lua_pop(L, 2); buf_str(&out_buf, "-NOSCRIPT No matching script. Please use EVAL.\r\n"); return 0; }

  e->running = 1; e->killed = 0; e->aborted = 0; e->budget = budget; e->resp = 2;
  lua_sethook(L, count_hook, LUA_MASKCOUNT, HOOK_EVERY);

  push_array(L, &p, (uint32_t)nkeys);
  if (mode == 0) {
    lua_enablereadonlytable(L, LUA_GLOBALSINDEX, 0);
    lua_setglobal(L, "KEYS");
    lua_enablereadonlytable(L, LUA_GLOBALSINDEX, 1);
  }
  push_array(L, &p, total - 2 - (uint32_t)nkeys);
  if (mode == 0) {
    lua_enablereadonlytable(L, LUA_GLOBALSINDEX, 0);
    lua_setglobal(L, "ARGV");
    lua_enablereadonlytable(L, LUA_GLOBALSINDEX, 1);
  }
  int err = mode == 0 ? lua_pcall(L, 0, 1, -2) : lua_pcall(L, 2, 1, -4);
  if (++gc_count == 50) { lua_gc(L, LUA_GCSTEP, 50); gc_count = 0; }

  if (err) {
    if (!lua_istable(L, -1)) {
      const char *msg = lua_isstring(L, -1) ? lua_tostring(L, -1) : "execution failure";
      char tmp[300];
      int n = snprintf(tmp, sizeof tmp, "ERR Error running script %s, %.100s", funcname, msg);
      out_line('-', tmp, (size_t)n);
    } else {
      const char *msg, *source, *line;
      error_info(L, &msg, &source, &line);
      luaL_Buffer b; luaL_buffinit(L, &b);
      luaL_addstring(&b, msg ? msg : "(null)");
      if (line && source) {
        luaL_addstring(&b, " script: "); luaL_addstring(&b, funcname);
        luaL_addstring(&b, ", on "); luaL_addstring(&b, source);
        luaL_addstring(&b, ":"); luaL_addstring(&b, line); luaL_addstring(&b, ".");
      }
      luaL_pushresult(&b);
      size_t n; const char *s = lua_tolstring(L, -1, &n);
      out_line('-', s, n);
      lua_pop(L, 4);
    }
    lua_pop(L, 1);
  } else {
    lua_to_resp(L, e);
  }
  lua_pop(L, 1); /* the error handler */
  lua_sethook(L, NULL, 0, 0);
  e->running = 0;
  if (mode == 0) {
    /* KEYS/ARGV of this run must not leak into the next. */
    lua_enablereadonlytable(L, LUA_GLOBALSINDEX, 0);
    lua_pushnil(L); lua_setglobal(L, "KEYS");
    lua_pushnil(L); lua_setglobal(L, "ARGV");
    lua_enablereadonlytable(L, LUA_GLOBALSINDEX, 1);
  }
  return e->killed | (e->aborted << 1);
}

EMSCRIPTEN_KEEPALIVE void rl_sha1hex(void) {
  const uint8_t *s; size_t n;
  arg_at(args_buf.p + 4, &s, &n);
  char hex[41]; sha1hex(hex, (const char *)s, n);
  out_buf.len = 0; buf_put(&out_buf, hex, 40);
}
