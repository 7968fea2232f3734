/**
 * Random geo command sequences for the differential test (geo-differential.test.ts): a seeded
 * generator over a tiny alphabet (two geo keys, a string key for WRONGTYPE, a destination, a dozen
 * members) and a small set of coordinates chosen where geohash cells meet: the equator and the
 * prime meridian, the antimeridian, the latitude limits near the poles, a few clustered cities.
 * Radii and boxes range from 0 to half the planet, so searches cross cell boundaries at every
 * step. Malformed arguments now and then. Each command says which protocol to send it with.
 */
import { Rng } from "../sim/rng";

export interface GeoStep {
  argv: string[];
  resp: 2 | 3;
}

/** Coordinates (longitude, latitude) the points and centres are drawn from. */
const PLACES: readonly [string, string][] = [
  ["0", "0"], ["0.0001", "-0.0001"], ["-0.0001", "0.0001"], ["0.00001", "0.00001"],
  ["180", "0"], ["-180", "0"], ["179.9999", "10"], ["-179.9999", "10.0001"], ["179.5", "-45"], ["-179.5", "-45"],
  ["0", "85.05112878"], ["0", "-85.05112878"], ["180", "85.05112878"], ["-180", "-85.05112878"],
  ["12.5", "84.9"], ["-12.5", "84.99"], ["100", "-84.95"], ["-100", "80.1"], ["45", "66.1"], ["-45", "-66.2"],
  ["13.361389", "38.115556"], ["15.087269", "37.502669"], ["2.3522", "48.8566"], ["2.35", "48.85"],
  ["-73.9857", "40.7488"], ["-74.0445", "40.6892"], ["139.6917", "35.6895"], ["151.2093", "-33.8688"],
  ["90", "45"], ["90.000001", "45.000001"], ["-90", "-45"], ["22.5", "11.25"], ["22.4999999", "11.2500001"],
];

const BAD_COORDS: readonly [string, string][] = [["180.0001", "0"], ["0", "85.06"], ["-200", "-90"], ["abc", "1"], ["1", "nan"], ["inf", "0"]];
const RADII = ["0", "1", "10", "500", "1000", "5000", "50000", "200000", "1000000", "5000000", "12000000", "20000000", "0.5", "1e3"];
const UNITS = ["m", "km", "ft", "mi", "M", "KM"];
const BAD_UNITS = ["parsec", "", "meters"];

export class GeoGenerator {
  private readonly rng: Rng;

  constructor(seed: number, private readonly keys: { geo: string[]; str: string; dst: string }) {
    this.rng = new Rng(seed);
  }

  private pick<T>(xs: readonly T[]): T {
    return xs[this.rng.int(xs.length)]!;
  }

  private chance(p: number): boolean {
    return this.rng.next() < p;
  }

  private member(): string {
    return `m${this.rng.int(12)}`;
  }

  private key(): string {
    if (this.chance(0.05)) return this.keys.str;
    if (this.chance(0.03)) return this.keys.dst;
    return this.pick(this.keys.geo);
  }

  private place(): [string, string] {
    return this.chance(0.03) ? this.pick(BAD_COORDS) : this.pick(PLACES);
  }

  private radius(): string[] {
    if (this.chance(0.03)) return [this.pick(["-1", "x", "1e400"]), this.pick(UNITS)];
    if (this.chance(0.02)) return [this.pick(RADII), this.pick(BAD_UNITS)];
    const unit = this.pick(UNITS);
    const meters = Number(this.pick(RADII));
    const per = { m: 1, km: 1000, ft: 0.3048, mi: 1609.34 }[unit.toLowerCase() as "m"];
    return [String(Math.round((meters / per) * 1000) / 1000), unit];
  }

  private box(): string[] {
    if (this.chance(0.03)) return ["-1", "1", "km"];
    const [w] = this.radius();
    const [h, unit] = this.radius();
    return [w!, h!, unit!];
  }

  /** WITH*, ASC/DESC, COUNT [ANY]: shuffled, sometimes malformed. */
  private options(withAllowed: boolean): string[] {
    const opts: string[][] = [];
    if (withAllowed || this.chance(0.05)) {
      if (this.chance(0.4)) opts.push(["WITHDIST"]);
      if (this.chance(0.3)) opts.push(["WITHCOORD"]);
      if (this.chance(0.3)) opts.push(["WITHHASH"]);
    }
    if (this.chance(0.5)) opts.push([this.pick(["ASC", "DESC", "asc"])]);
    if (this.chance(0.4)) {
      opts.push(["COUNT", this.chance(0.04) ? this.pick(["0", "-1", "x"]) : String(this.rng.range(1, this.chance(0.3) ? 60 : 8))]);
      if (this.chance(0.3)) opts.push(["ANY"]);
    } else if (this.chance(0.03)) {
      opts.push(["ANY"]);
    }
    if (this.chance(0.02)) opts.push([this.pick(["COUNT", "BOGUS", "STORE"])]);
    for (let i = opts.length - 1; i > 0; i--) {
      const j = this.rng.int(i + 1);
      [opts[i], opts[j]] = [opts[j]!, opts[i]!];
    }
    return opts.flat();
  }

  /** Many points on few places (ties in distance), for the sorts of long results. */
  private bulkAdd(): string[] {
    const argv = ["GEOADD", this.pick(this.keys.geo)];
    const places = Array.from({ length: this.rng.range(1, 4) }, () => this.pick(PLACES));
    for (let n = this.rng.range(10, 50); n > 0; n--) argv.push(...this.pick(places), `b${this.rng.int(60)}`);
    return argv;
  }

  private geoadd(): string[] {
    if (this.chance(0.1)) return this.bulkAdd();
    const argv = ["GEOADD", this.key()];
    if (this.chance(0.15)) argv.push(this.pick(["NX", "XX", "nx"]));
    if (this.chance(0.15)) argv.push("CH");
    if (this.chance(0.02)) argv.push("NX", "XX");
    for (let n = this.rng.range(1, 4); n > 0; n--) argv.push(...this.place(), this.member());
    if (this.chance(0.02)) argv.pop();
    return argv;
  }

  private search(): string[] {
    const store = this.chance(0.2);
    const argv = store ? ["GEOSEARCHSTORE", this.keys.dst, this.key()] : ["GEOSEARCH", this.key()];
    const from = this.chance(0.5) ? ["FROMMEMBER", this.member()] : ["FROMLONLAT", ...this.place()];
    const by = this.chance(0.5) ? ["BYRADIUS", ...this.radius()] : ["BYBOX", ...this.box()];
    const parts = [from, by];
    if (this.chance(0.03)) parts.pop();
    if (this.chance(0.03)) parts.push(["FROMLONLAT", ...this.place()]);
    if (this.chance(0.5)) parts.reverse();
    argv.push(...parts.flat(), ...this.options(!store));
    if (store && this.chance(0.4)) argv.push("STOREDIST");
    return argv;
  }

  private georadius(): string[] {
    const byMember = this.chance(0.5);
    const ro = this.chance(0.3);
    const name = (byMember ? "GEORADIUSBYMEMBER" : "GEORADIUS") + (ro ? "_RO" : "");
    const argv = [name, this.key(), ...(byMember ? [this.member()] : this.place()), ...this.radius()];
    const store = !ro && this.chance(0.25);
    argv.push(...this.options(!store));
    if (store) argv.push(this.pick(["STORE", "STOREDIST"]), this.keys.dst);
    return argv;
  }

  private read(): string[] {
    const members = Array.from({ length: this.rng.range(1, 4) }, () => this.member());
    switch (this.rng.int(3)) {
      case 0: return ["GEOPOS", this.key(), ...members];
      case 1: return ["GEOHASH", this.key(), ...members];
      default: {
        const argv = ["GEODIST", this.key(), this.member(), this.member()];
        if (this.chance(0.6)) argv.push(this.chance(0.05) ? this.pick(BAD_UNITS) : this.pick(UNITS));
        return argv;
      }
    }
  }

  private other(): string[] {
    const k = this.key();
    switch (this.rng.int(6)) {
      case 0: return ["ZREM", k, this.member()];
      case 1: return ["ZADD", k, this.pick(["-1", "1.5", "1e300", "4503599627370496", "3471579339700058", "inf"]), this.member()];
      case 2: return ["ZRANGE", this.keys.dst, "0", "-1", "WITHSCORES"];
      case 3: return ["SET", this.keys.str, "x"];
      case 4: return ["DEL", this.pick(this.keys.geo)];
      default: return ["ZRANGE", k, "0", "-1", "WITHSCORES"];
    }
  }

  next(): GeoStep {
    const r = this.rng.next();
    const argv = r < 0.3 ? this.geoadd() : r < 0.55 ? this.search() : r < 0.72 ? this.georadius() : r < 0.9 ? this.read() : this.other();
    return { argv, resp: this.chance(0.2) ? 3 : 2 };
  }
}
