/**
 * Set operations over several keys: SINTER, SUNION, SDIFF, SINTERCARD and their STORE forms.
 */
import { describe, expect, it } from "vitest";
import { cmd, raw } from "./helpers";
import { WRONGTYPE } from "./keyspace-helpers";
import { collectionNode, err, names, sortedItems } from "./collection-helpers";

const { n, setString, pexpire, metaOf, run } = collectionNode("sets-ops");

describe("SINTER / SUNION / SDIFF / SINTERCARD", () => {
  const seed = async () => {
    await cmd(n, "SADD", "{op}a", "1", "2", "3", "4");
    await cmd(n, "SADD", "{op}b", "3", "4", "5");
    await cmd(n, "SADD", "{op}c", "4", "5", "6");
  };

  it("compute intersections, unions and differences as RESP3 sets", async () => {
    await seed();
    expect(sortedItems(await cmd(n, "SINTER", "{op}a", "{op}b"))).toEqual(["3", "4"]);
    expect(sortedItems(await cmd(n, "SINTER", "{op}a", "{op}b", "{op}c"))).toEqual(["4"]);
    expect(sortedItems(await cmd(n, "SINTER", "{op}a", "{op}a"))).toEqual(["1", "2", "3", "4"]);
    expect(await cmd(n, "SINTER", "{op}a", "{op}none")).toEqual([]);
    expect(sortedItems(await cmd(n, "SUNION", "{op}a", "{op}b", "{op}none"))).toEqual(["1", "2", "3", "4", "5"]);
    expect(await cmd(n, "SUNION", "{op}none")).toEqual([]);
    expect(sortedItems(await cmd(n, "SDIFF", "{op}a", "{op}b", "{op}none"))).toEqual(["1", "2"]);
    expect(sortedItems(await cmd(n, "SDIFF", "{op}a"))).toEqual(["1", "2", "3", "4"]);
    expect(await cmd(n, "SDIFF", "{op}a", "{op}c", "{op}a")).toEqual([]);
    expect(await cmd(n, "SDIFF", "{op}none", "{op}a")).toEqual([]);
    for (const c of ["SINTER", "SUNION", "SDIFF"]) expect((await raw(n, { resp: 3 }, c, "{op}a", "{op}b")).t).toBe("set");
  });

  it("report WRONGTYPE for any non-set key, even after a missing one", async () => {
    await seed();
    await setString("{op}str", "x");
    for (const c of ["SINTER", "SUNION", "SDIFF"]) {
      expect(await cmd(n, c, "{op}none", "{op}str")).toEqual(WRONGTYPE);
      expect(await cmd(n, c, "{op}a", "{op}str")).toEqual(WRONGTYPE);
    }
    expect(await cmd(n, "SINTERCARD", "2", "{op}none", "{op}str")).toEqual(WRONGTYPE);
  });

  it("SINTERCARD counts the intersection, stopping at LIMIT", async () => {
    await seed();
    expect(await cmd(n, "SINTERCARD", "2", "{op}a", "{op}b")).toBe(2);
    expect(await cmd(n, "SINTERCARD", "2", "{op}a", "{op}b", "LIMIT", "1")).toBe(1);
    expect(await cmd(n, "SINTERCARD", "2", "{op}a", "{op}b", "limit", "0")).toBe(2);
    expect(await cmd(n, "SINTERCARD", "1", "{op}a", "LIMIT", "9223372036854775807")).toBe(4);
    expect(await cmd(n, "SINTERCARD", "3", "{op}a", "{op}b", "{op}c")).toBe(1);
    expect(await cmd(n, "SINTERCARD", "2", "{op}a", "{op}none")).toBe(0);
  });

  it("SINTERCARD validates numkeys and LIMIT like Redis", async () => {
    await seed();
    for (const bad of ["0", "-1", "x"]) expect(await cmd(n, "SINTERCARD", bad, "{op}a")).toEqual(err("numkeys should be greater than 0"));
    expect(await cmd(n, "SINTERCARD", "3", "{op}a", "{op}b")).toEqual(err("Number of keys can't be greater than number of args"));
    const two = ["SINTERCARD", "2", "{op}a", "{op}b"];
    expect(await cmd(n, ...two, "LIMIT")).toEqual(err("syntax error"));
    expect(await cmd(n, ...two, "LIMIT", "-1")).toEqual(err("LIMIT can't be negative"));
    expect(await cmd(n, ...two, "LIMIT", "x")).toEqual(err("LIMIT can't be negative"));
    expect(await cmd(n, ...two, "FOO", "1")).toEqual(err("syntax error"));
  });

  it("intersects many sets at once", async () => {
    const keys = names(80, "{many}k");
    for (const [i, k] of keys.entries()) await cmd(n, "SADD", k, "common", `own${i}`, i % 2 ? "odd" : "even");
    expect(await cmd(n, "SINTER", ...keys)).toEqual(["common"]);
    expect(await cmd(n, "SINTERCARD", String(keys.length), ...keys)).toBe(1);
    expect(sortedItems(await cmd(n, "SINTER", ...keys.filter((_, i) => i % 2 === 1)))).toEqual(["common", "odd"]);
    expect(await cmd(n, "SCARD", "{many}k0")).toBe(3);
    expect((await cmd(n, "SUNION", ...keys) as string[]).length).toBe(83);
  });
});

describe("SINTERSTORE / SUNIONSTORE / SDIFFSTORE", () => {
  const seed = async () => {
    await cmd(n, "SADD", "{st}a", "1", "2", "3");
    await cmd(n, "SADD", "{st}b", "2", "3", "4");
  };

  it("store the result, replacing the destination whatever its type and dropping its TTL", async () => {
    await seed();
    await setString("{st}d", "old");
    await pexpire("{st}d", 100000);
    expect(await cmd(n, "SINTERSTORE", "{st}d", "{st}a", "{st}b")).toBe(2);
    expect(sortedItems(await cmd(n, "SMEMBERS", "{st}d"))).toEqual(["2", "3"]);
    const m = await metaOf("{st}d");
    expect(m?.type).toBe("set");
    expect(m?.expiresAt).toBe(null);
    expect(await cmd(n, "SUNIONSTORE", "{st}d", "{st}a", "{st}b")).toBe(4);
    expect(sortedItems(await cmd(n, "SMEMBERS", "{st}d"))).toEqual(["1", "2", "3", "4"]);
    expect(await cmd(n, "SDIFFSTORE", "{st}d", "{st}a", "{st}b")).toBe(1);
    expect(await cmd(n, "SMEMBERS", "{st}d")).toEqual(["1"]);
    expect(await cmd(n, "SCARD", "{st}d")).toBe(1);
  });

  it("an empty result deletes the destination", async () => {
    await seed();
    await cmd(n, "SADD", "{st}c", "9");
    for (const c of [
      ["SINTERSTORE", "{st}e", "{st}a", "{st}none"], ["SINTERSTORE", "{st}e", "{st}a", "{st}c"],
      ["SDIFFSTORE", "{st}e", "{st}a", "{st}a"], ["SUNIONSTORE", "{st}e", "{st}none"],
    ]) {
      await cmd(n, "SADD", "{st}e", "x");
      expect(await cmd(n, ...c), c.join(" ")).toBe(0);
      expect(await metaOf("{st}e")).toBe(null);
    }
  });

  it("a no-op store on a missing destination is not propagated", async () => {
    await seed();
    expect((await run(["SINTERSTORE", "{st}f", "{st}a", "{st}none"])).effects).toEqual([]);
    expect((await run(["SDIFFSTORE", "{st}f", "{st}a", "{st}a"])).effects).toEqual([]);
    expect((await run(["SUNIONSTORE", "{st}f", "{st}a"])).effects).toEqual([["SUNIONSTORE", "{st}f", "{st}a"]]);
  });

  it("the destination may be one of the sources", async () => {
    await seed();
    await cmd(n, "SADD", "{st}g", "2", "3", "9");
    expect(await cmd(n, "SINTERSTORE", "{st}g", "{st}g", "{st}a")).toBe(2);
    expect(sortedItems(await cmd(n, "SMEMBERS", "{st}g"))).toEqual(["2", "3"]);
    expect(await cmd(n, "SUNIONSTORE", "{st}g", "{st}b", "{st}g")).toBe(3);
    expect(sortedItems(await cmd(n, "SMEMBERS", "{st}g"))).toEqual(["2", "3", "4"]);
    expect(await cmd(n, "SDIFFSTORE", "{st}g", "{st}g", "{st}a")).toBe(1);
    expect(await cmd(n, "SMEMBERS", "{st}g")).toEqual(["4"]);
  });

  it("refuse non-set sources but not a non-set destination", async () => {
    await seed();
    await setString("{st}str", "x");
    for (const c of ["SINTERSTORE", "SUNIONSTORE", "SDIFFSTORE"]) {
      expect(await cmd(n, c, "{st}h", "{st}none", "{st}str")).toEqual(WRONGTYPE);
    }
    expect(await cmd(n, "SUNIONSTORE", "{st}str", "{st}a")).toBe(3);
  });
});
