/**
 * The geo commands through the node's handlers (harness.ts), replies as RESP bytes recorded from
 * redis-server 7.0.15: positions, hashes, distances, the searches' orders and errors, the STORE
 * forms, and that a refused command changes nothing.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { Harness } from "./harness";
import { georadiusKeys } from "../../../src/commands/specs/geo";

let h: Harness;
const wire = (...argv: string[]) => h.wire(argv);
const wire3 = (...argv: string[]) => h.wire(argv, 3);
const bulks = (...xs: string[]) => `*${xs.length}\r\n${xs.map((x) => `$${x.length}\r\n${x}\r\n`).join("")}`;

beforeEach(() => {
  h = new Harness();
  wire("GEOADD", "g", "13.361389", "38.115556", "Palermo", "15.087269", "37.502669", "Catania");
});

describe("GEOADD", () => {
  it("adds, updates with CH, honours NX/XX", () => {
    expect(wire("GEOADD", "g", "13.361389", "38.115556", "Palermo")).toBe(":0\r\n");
    expect(wire("GEOADD", "g", "CH", "13.4", "38.1", "Palermo", "1", "1", "new")).toBe(":2\r\n");
    expect(wire("GEOADD", "g", "NX", "0", "0", "Palermo")).toBe(":0\r\n");
    expect(wire("GEOADD", "g", "XX", "0", "0", "absent")).toBe(":0\r\n");
    expect(wire("ZSCORE", "g", "new")).toBe("$16\r\n3377822707026402\r\n"); // GEOADD is ZADD of the hash
  });

  it("refuses bad input with Redis's errors and adds nothing", () => {
    expect(wire("GEOADD", "g", "1", "2", "ok", "200", "100", "x")).toBe("-ERR invalid longitude,latitude pair 200.000000,100.000000\r\n");
    expect(wire("GEOADD", "g", "200.0078125", "0", "x")).toBe("-ERR invalid longitude,latitude pair 200.007812,0.000000\r\n");
    expect(wire("GEOADD", "g", "NX", "XX", "1", "2", "x")).toBe("-ERR syntax error\r\n");
    expect(wire("GEOADD", "g", "1", "2", "x", "3")).toBe("-ERR syntax error\r\n");
    expect(wire("GEOADD", "g", "GT", "1", "2", "x", "y", "z")).toBe("-ERR value is not a valid float\r\n");
    expect(wire("ZCARD", "g")).toBe(":2\r\n");
    wire("SET", "s", "v");
    expect(wire("GEOADD", "s", "1", "2", "m")).toBe("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  });
});

describe("GEOPOS, GEOHASH, GEODIST", () => {
  it("answers cell centres, 11-character geohashes and 4-decimal distances", () => {
    expect(wire("GEOPOS", "g", "Palermo", "nope")).toBe(
      "*2\r\n*2\r\n$20\r\n13.36138933897018433\r\n$20\r\n38.11555639549629859\r\n*-1\r\n");
    expect(wire3("GEOPOS", "g", "Palermo", "nope")).toBe("*2\r\n*2\r\n,13.36138933897018433\r\n,38.11555639549629859\r\n_\r\n");
    expect(wire("GEOHASH", "g", "Palermo", "Catania", "nope")).toBe("*3\r\n$11\r\nsqc8b49rny0\r\n$11\r\nsqdtr74hyu0\r\n$-1\r\n");
    expect(wire("GEODIST", "g", "Palermo", "Catania")).toBe("$11\r\n166274.1516\r\n");
    expect(wire("GEODIST", "g", "Palermo", "Catania", "KM")).toBe("$8\r\n166.2742\r\n");
    expect(wire("GEODIST", "g", "Palermo", "Catania", "mi")).toBe("$8\r\n103.3182\r\n");
    expect(wire("GEODIST", "g", "Palermo", "nope")).toBe("$-1\r\n");
    expect(wire("GEODIST", "g", "Palermo", "Catania", "parsec")).toBe("-ERR unsupported unit provided. please use M, KM, FT, MI\r\n");
    expect(wire("GEODIST", "g", "Palermo", "Catania", "km", "x")).toBe("-ERR syntax error\r\n");
  });

  it("decodes scores no GEOADD wrote the way Redis's cast does", () => {
    wire("ZADD", "g", "-1", "neg", "1e300", "big");
    expect(wire("GEOPOS", "g", "neg")).toBe("*1\r\n*2\r\n$3\r\n180\r\n$19\r\n85.0511287799999991\r\n");
    expect(wire("GEOHASH", "g", "big")).toBe(bulks("00bh0hbj200"));
  });
});

describe("searches", () => {
  it("answers unsorted results in the cells' order, sorted ones by distance", () => {
    expect(wire("GEORADIUS", "g", "15", "37", "200", "km")).toBe(bulks("Palermo", "Catania"));
    expect(wire("GEOSEARCH", "g", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "ASC")).toBe(bulks("Catania", "Palermo"));
    expect(wire("GEORADIUS", "g", "15", "37", "200", "km", "WITHDIST", "WITHHASH", "WITHCOORD", "DESC", "COUNT", "1")).toBe(
      "*1\r\n*4\r\n$7\r\nPalermo\r\n$8\r\n190.4424\r\n:3479099956230698\r\n*2\r\n$20\r\n13.36138933897018433\r\n$20\r\n38.11555639549629859\r\n");
    expect(wire("GEOSEARCH", "g", "FROMMEMBER", "Palermo", "BYBOX", "400", "400", "km", "WITHDIST", "ASC")).toBe(
      "*2\r\n*2\r\n$7\r\nPalermo\r\n$6\r\n0.0000\r\n*2\r\n$7\r\nCatania\r\n$8\r\n166.2742\r\n");
  });

  it("leaves ties where Redis's partial quicksort does when COUNT cuts the result", () => {
    const argv = ["GEOADD", "t"];
    for (const m of "abcdefgh") argv.push("2.35", "48.85", m);
    for (const m of "ijk") argv.push("2.3522", "48.8566", m);
    for (const m of "lm") argv.push("13.361389", "38.115556", m);
    wire(...argv);
    const search = ["GEOSEARCH", "t", "FROMLONLAT", "2.35", "48.85", "BYRADIUS", "2000", "km"];
    expect(wire(...search, "COUNT", "9", "DESC")).toBe(bulks(..."lmijkfahg"));
    expect(wire(...search, "COUNT", "3")).toBe(bulks(..."abc"));
    expect(wire(...search, "DESC")).toBe(bulks(..."lmijkabcdefgh"));
  });

  it("answers Redis's errors, in Redis's order", () => {
    const e = (text: string) => `-ERR ${text}\r\n`;
    expect(wire("GEORADIUS", "g", "15", "37", "200", "km", "ANY")).toBe(e("the ANY argument requires COUNT argument"));
    expect(wire("GEORADIUS", "g", "15", "37", "200", "km", "COUNT", "0")).toBe(e("COUNT must be > 0"));
    expect(wire("GEORADIUS", "g", "15", "37", "-1", "km")).toBe(e("radius cannot be negative"));
    expect(wire("GEORADIUS", "g", "15", "37", "x", "km")).toBe(e("need numeric radius"));
    expect(wire("GEORADIUS_RO", "g", "15", "37", "1", "km", "STORE", "d")).toBe(e("syntax error"));
    expect(wire("GEORADIUS", "g", "15", "37", "1", "km", "STORE", "d", "WITHDIST")).toBe(
      e("STORE option in GEORADIUS is not compatible with WITHDIST, WITHHASH and WITHCOORD options"));
    expect(wire("GEOSEARCHSTORE", "d", "g", "FROMLONLAT", "1", "2", "BYRADIUS", "1", "km", "WITHHASH")).toBe(
      e("GEOSEARCHSTORE is not compatible with WITHDIST, WITHHASH and WITHCOORD options"));
    expect(wire("geosearch", "g", "BYRADIUS", "1", "km", "ASC", "ASC")).toBe(e("exactly one of FROMMEMBER or FROMLONLAT can be specified for geosearch"));
    expect(wire("GEOSEARCH", "g", "FROMLONLAT", "1", "2", "ASC")).toBe("-ERR wrong number of arguments for 'geosearch' command\r\n");
    expect(wire("GEOSEARCH", "g", "FROMLONLAT", "1", "2", "ASC", "ASC")).toBe(e("exactly one of BYRADIUS and BYBOX can be specified for GEOSEARCH"));
    expect(wire("GEOSEARCH", "g", "FROMMEMBER", "Palermo", "FROMLONLAT", "1", "2", "BYRADIUS", "1", "km")).toBe(e("syntax error"));
    expect(wire("GEOSEARCH", "g", "FROMLONLAT", "1", "2", "BYBOX", "1", "-1", "km")).toBe(e("height or width cannot be negative"));
    expect(wire("GEORADIUSBYMEMBER", "g", "nope", "1", "km")).toBe(e("could not decode requested zset member"));
    // A missing source key skips what needs it: the radius is not even read.
    expect(wire("GEORADIUSBYMEMBER", "nokey", "nope", "x", "km")).toBe("*0\r\n");
  });

  it("stores hashes or distances, and deletes the destination when nothing is found", () => {
    expect(wire("GEORADIUS", "g", "15", "37", "200", "km", "STORE", "d")).toBe(":2\r\n");
    expect(wire("ZRANGE", "d", "0", "-1", "WITHSCORES")).toBe(bulks("Palermo", "3479099956230698", "Catania", "3479447370796909"));
    expect(wire("GEOSEARCHSTORE", "d", "g", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "STOREDIST")).toBe(":2\r\n");
    expect(wire("ZRANGE", "d", "0", "-1", "WITHSCORES")).toBe(bulks("Catania", "56.441257870158204", "Palermo", "190.44242984775784"));
    expect(wire("GEOSEARCHSTORE", "d", "g", "FROMLONLAT", "15", "37", "BYRADIUS", "1", "m")).toBe(":0\r\n");
    expect(wire("EXISTS", "d")).toBe(":0\r\n");
    wire("SET", "d", "x");
    expect(wire("GEOSEARCHSTORE", "d", "nokey", "FROMLONLAT", "15", "37", "BYRADIUS", "1", "m")).toBe(":0\r\n");
    expect(wire("EXISTS", "d")).toBe(":0\r\n");
  });

  it("replicates as the command itself, which replays to the same state", () => {
    wire("GEOSEARCHSTORE", "d", "g", "FROMMEMBER", "Palermo", "BYBOX", "500", "500", "km", "STOREDIST");
    wire("GEORADIUS", "g", "15", "37", "200", "km"); // no STORE: writes nothing, propagates nothing
    const replica = new Harness();
    for (const argv of h.propagated) replica.run(argv);
    expect(h.propagated.map((a) => a[0])).toEqual(["GEOADD", "GEOSEARCHSTORE"]);
    expect(replica.wire(["ZRANGE", "d", "0", "-1", "WITHSCORES"])).toBe(wire("ZRANGE", "d", "0", "-1", "WITHSCORES"));
  });
});

describe("GEORADIUS's key finder", () => {
  it("finds the source and the last STORE/STOREDIST key", () => {
    expect(georadiusKeys(["GEORADIUS", "g", "1", "2", "3", "km"])).toEqual([1]);
    expect(georadiusKeys(["GEORADIUS", "g", "1", "2", "3", "km", "STORE", "a", "storedist", "b"])).toEqual([1, 9]);
    expect(georadiusKeys(["GEORADIUSBYMEMBER", "g", "m", "3", "km", "STORE", "a"])).toEqual([1, 6]);
    expect(georadiusKeys(["GEORADIUS", "g", "1", "2", "3", "km", "STORE"])).toEqual([1]);
  });
});

describe("keyspace notifications", () => {
  it("names geo writes as Redis does: zadd, georadiusstore, geosearchstore", async () => {
    const { keyEvents } = await import("../../../src/pubsub/notify");
    expect(keyEvents(["GEOADD", "g", "1", "2", "m"], "g").map((e) => e[1])).toEqual(["zadd"]);
    expect(keyEvents(["GEORADIUS", "g", "1", "2", "3", "km", "STORE", "d"], "d").map((e) => e[1])).toEqual(["georadiusstore"]);
    expect(keyEvents(["GEOSEARCHSTORE", "d", "g", "FROMMEMBER", "m", "BYRADIUS", "1", "km"], "d").map((e) => e[1])).toEqual(["geosearchstore"]);
  });
});
