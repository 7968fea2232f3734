/**
 * Random stream command sequences for the differential test (streams-differential.test.ts), from
 * one seed: a tiny alphabet of keys (two streams and a string), groups, consumers and IDs, so
 * commands collide; explicit IDs (and <ms>-*) only, so both servers generate the same IDs; min-idle
 * times of 0 or an hour, so claims do not depend on timing; a malformed argument now and then.
 */
export type Command = string[];

/** mulberry32: a small seeded PRNG. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** A stream with `n` entries 0-1 .. 0-n (below every generated ID), to trim and delete across nodes. */
export const prefill = (key: string, n: number): Command[] =>
  Array.from({ length: n }, (_, i) => ["XADD", key, `0-${i + 1}`, "f", String(i % 7)]);

export class Gen {
  private r: () => number;
  /** Where new IDs are: XADD mostly writes just above it, the other commands name IDs around it. */
  private clock = 1;
  constructor(seed: number, private readonly tag: string) {
    this.r = rng(seed);
  }

  int(n: number): number {
    return Math.floor(this.r() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  chance(p: number): boolean {
    return this.r() < p;
  }

  key(): string {
    return this.tag + this.pick(["s1", "s1", "s1", "s1", "s1", "s2", "s2", "str"]);
  }
  stream(): string {
    return this.tag + this.pick(["s1", "s1", "s2"]);
  }
  group(): string {
    return this.pick(["g1", "g1", "g1", "g2", "g2", "nog"]);
  }
  consumer(): string {
    return this.pick(["c1", "c2", "c3"]);
  }
  id(): string {
    if (this.chance(0.1)) return `0-${this.int(400)}`;
    return `${this.int(this.clock + 2)}-${this.int(3)}`;
  }
  /** Range bounds and IDs as clients write them, valid or not. */
  bound(): string {
    if (this.chance(0.85)) return this.pick([this.id(), this.id(), "-", "+", `(${this.id()}`, String(this.int(this.clock + 2)), "0"]);
    return this.pick(["(0-0", "(18446744073709551615-18446744073709551615", "x-1", "1-x", "-1", "(-", "(+"]);
  }
  addId(): string {
    if (this.chance(0.75)) {
      this.clock += this.int(3);
      return this.chance(0.8) ? `${this.clock}-${this.int(3)}` : `${this.clock}-*`;
    }
    if (this.chance(0.97)) return this.pick([this.id(), `${this.int(this.clock + 2)}-*`, "0-0", "0-1", "bad"]);
    return "18446744073709551615-18446744073709551615";
  }
  fields(): string[] {
    const n = this.chance(0.8) ? 1 : 2;
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(this.pick(["f", "g", "h"]), this.pick(["1", "2", "v"]));
    return out;
  }
  trim(xadd: boolean): string[] {
    const strat = this.chance(0.5) ? "MAXLEN" : "MINID";
    const op = this.pick(["", "=", "~", "~"]);
    const arg = strat === "MAXLEN"
      ? this.pick(["0", "1", "2", "3", "5", "50", "150", "250", "-1", "x"])
      : this.pick([this.id(), String(this.int(this.clock + 2)), `0-${this.int(400)}`, "-"]);
    const out = [strat, ...(op ? [op] : []), arg];
    if (this.chance(0.2)) out.push("LIMIT", this.pick(["0", "1", "2", "100", "-1"]));
    if (!xadd && this.chance(0.05)) out.unshift("BOGUS");
    return out;
  }

  command(): Command {
    const k = this.stream();
    const w = this.int(100);
    if (w < 22) {
      const opts = [...(this.chance(0.1) ? ["NOMKSTREAM"] : []), ...(this.chance(0.25) ? this.trim(true) : [])];
      const extra = this.chance(0.03) ? ["lonely"] : [];
      return ["XADD", this.chance(0.05) ? this.tag + "str" : k, ...opts, this.addId(), ...this.fields(), ...extra];
    }
    if (w < 27) return ["XRANGE", this.key(), this.bound(), this.bound(), ...(this.chance(0.4) ? ["COUNT", this.pick(["0", "1", "2", "-1", "x"])] : [])];
    if (w < 30) return ["XREVRANGE", this.key(), this.bound(), this.bound(), ...(this.chance(0.4) ? ["COUNT", this.pick(["1", "3"])] : [])];
    if (w < 32) return ["XLEN", this.key()];
    if (w < 36) return ["XDEL", this.key(), ...Array.from({ length: 1 + this.int(3) }, () => (this.chance(0.9) ? this.id() : "bad"))];
    if (w < 40) return ["XTRIM", this.key(), ...this.trim(false)];
    if (w < 50) return this.xgroup(k);
    if (w < 62) return this.xreadgroup();
    if (w < 65) {
      const block = this.chance(0.1) ? ["BLOCK", this.pick(["5", "-1", "x"])] : [];
      return ["XREAD", ...block, ...(this.chance(0.4) ? ["COUNT", this.pick(["1", "2"])] : []), "STREAMS", ...this.streamsArgs(false)];
    }
    if (w < 71) return ["XACK", this.key(), this.group(), ...Array.from({ length: 1 + this.int(3) }, () => (this.chance(0.95) ? this.id() : "bad"))];
    if (w < 77) return this.xpending();
    if (w < 84) return this.xclaim();
    if (w < 88) return this.xautoclaim();
    if (w < 95) return this.xinfo();
    if (w < 97) return ["XSETID", this.key(), this.pick([this.id(), "20-0", "0-0"]), ...(this.chance(0.3) ? ["ENTRIESADDED", this.pick(["0", "5", "50", "-1"])] : []),
      ...(this.chance(0.3) ? ["MAXDELETEDID", this.pick([this.id(), "0-0"])] : [])];
    if (w < 98) return ["DEL", this.key()];
    return this.pick([["TYPE", this.key()], ["XADD", k], ["XGROUP"], ["XINFO", "FOO", k], ["XREAD", "STREAMS", k], ["XCLAIM", k, "g1", "c1"]]);
  }

  private streamsArgs(group: boolean): string[] {
    const keys = this.chance(0.2) ? [this.tag + "s1", this.tag + "s2"] : [this.key()];
    const ids = keys.map(() => (group ? this.pick([">", ">", ">", "0", this.id(), "$"]) : this.pick([this.id(), "0", "$", "-", "+"])));
    if (this.chance(0.03)) ids.pop();
    return [...keys, ...ids];
  }

  private xgroup(k: string): Command {
    const sub = this.pick(["CREATE", "CREATE", "CREATE", "SETID", "DESTROY", "CREATECONSUMER", "DELCONSUMER", "HELP", "create"]);
    const key = this.chance(0.1) ? this.key() : k;
    switch (sub) {
      case "CREATE": case "create":
        return ["XGROUP", sub, key, this.group(), this.pick([this.id(), "$", "0", "-", "+"]), ...(this.chance(0.4) ? ["MKSTREAM"] : []),
          ...(this.chance(0.2) ? ["ENTRIESREAD", this.pick(["0", "3", "-1", "-2"])] : [])];
      case "SETID":
        return ["XGROUP", sub, key, this.group(), this.pick([this.id(), "$", "0"]), ...(this.chance(0.3) ? ["ENTRIESREAD", this.pick(["1", "-1"])] : [])];
      case "DESTROY":
        return ["XGROUP", sub, key, this.group()];
      case "HELP":
        return this.chance(0.8) ? ["XGROUP", "HELP"] : ["XGROUP", "HELP", "x"];
      default:
        return ["XGROUP", sub, key, this.group(), this.consumer()];
    }
  }

  private xreadgroup(): Command {
    return ["XREADGROUP", ...(this.chance(0.05) ? ["BLOCK", "5"] : []), "GROUP", this.group(), this.consumer(), ...(this.chance(0.5) ? ["COUNT", this.pick(["1", "2", "5"])] : []),
      ...(this.chance(0.15) ? ["NOACK"] : []), "STREAMS", ...this.streamsArgs(true)];
  }

  private xpending(): Command {
    const base = ["XPENDING", this.key(), this.group()];
    if (this.chance(0.4)) return base;
    const idle = this.chance(0.3) ? ["IDLE", this.pick(["0", "3600000", "x"])] : [];
    return [...base, ...idle, this.bound(), this.bound(), this.pick(["10", "1", "0", "-1"]), ...(this.chance(0.4) ? [this.consumer()] : [])];
  }

  private xclaim(): Command {
    const ids = Array.from({ length: 1 + this.int(3) }, () => this.id());
    const opts: string[] = [];
    if (this.chance(0.3)) opts.push("FORCE");
    if (this.chance(0.4)) opts.push("JUSTID");
    if (this.chance(0.15)) opts.push("RETRYCOUNT", this.pick(["0", "5", "-1"]));
    if (this.chance(0.1)) opts.push("IDLE", this.pick(["0", "-5"]));
    if (this.chance(0.1)) opts.push("LASTID", this.pick([this.id(), "20-0"]));
    if (this.chance(0.03)) opts.push("BOGUS");
    return ["XCLAIM", this.key(), this.group(), this.consumer(), this.pick(["0", "0", "3600000", "-1", "x"]), ...ids, ...opts];
  }

  private xautoclaim(): Command {
    return ["XAUTOCLAIM", this.key(), this.group(), this.consumer(), this.pick(["0", "0", "3600000", "x"]), this.bound(),
      ...(this.chance(0.5) ? ["COUNT", this.pick(["1", "2", "0", "10"])] : []), ...(this.chance(0.3) ? ["JUSTID"] : [])];
  }

  private xinfo(): Command {
    const sub = this.pick(["STREAM", "STREAM", "GROUPS", "CONSUMERS", "HELP", "STREAM"]);
    if (sub === "HELP") return ["XINFO", "HELP"];
    if (sub === "GROUPS") return ["XINFO", sub, this.key()];
    if (sub === "CONSUMERS") return ["XINFO", sub, this.key(), this.group()];
    const full = this.pick([[], [], ["FULL"], ["FULL", "COUNT", this.pick(["0", "1", "3"])], ["FULL", "x"]]);
    return ["XINFO", sub, this.key(), ...full];
  }
}
