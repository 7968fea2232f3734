import { describe, expect, it } from "vitest";
import { parseLocation, parseLocations, planLocations } from "../../../scripts/lib/placement-plan";
import { CliError } from "../../../scripts/lib/cluster-context";
import { LOCATION_HINTS, type LocationHint } from "../../../src/placement/location-hint";

/** Replica node-<masters + r> follows master node-<r mod masters> (create's pairing). */
const masterOf = (masters: number, replica: number): string => `node-${(replica - masters) % masters}`;

describe("planLocations", () => {
  it("places masters round-robin and each replica away from its master", () => {
    const plan = planLocations(3, 1, ["wnam", "weur", "apac"]);
    expect(Object.fromEntries(plan)).toEqual({
      "node-0": "wnam", "node-1": "weur", "node-2": "apac",
      "node-3": "weur", "node-4": "apac", "node-5": "wnam",
    });
  });

  it("never puts a replica with its master when more than one location is given", () => {
    const all = [...LOCATION_HINTS];
    for (let masters = 1; masters <= 7; masters++) {
      for (let replicas = 0; replicas <= 3; replicas++) {
        for (let n = 2; n <= all.length; n++) {
          const locations = all.slice(0, n) as LocationHint[];
          const plan = planLocations(masters, replicas, locations);
          expect(plan.size).toBe(masters * (1 + replicas));
          for (let i = masters; i < plan.size; i++) {
            expect(plan.get(`node-${i}`)).not.toBe(plan.get(masterOf(masters, i)));
          }
          // Masters spread: no location holds two more masters than another.
          const counts = locations.map((l) => [...plan].filter(([name, at]) => Number(name.slice(5)) < masters && at === l).length);
          expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
        }
      }
    }
  });

  it("spreads a master's replicas over different locations when there are enough", () => {
    const plan = planLocations(2, 2, ["wnam", "weur", "apac"]);
    // node-0 (wnam) has replicas node-2 and node-4; node-1 (weur) has node-3 and node-5.
    expect(new Set([plan.get("node-2"), plan.get("node-4")])).toEqual(new Set(["weur", "apac"]));
    expect(new Set([plan.get("node-3"), plan.get("node-5")])).toEqual(new Set(["wnam", "apac"]));
  });

  it("keeps everything in the one location given", () => {
    expect(new Set(planLocations(3, 1, ["weur"]).values())).toEqual(new Set(["weur"]));
  });

  it("plans nothing without locations", () => {
    expect(planLocations(3, 1, []).size).toBe(0);
  });
});

describe("parseLocations", () => {
  it("reads a comma-separated list", () => {
    expect(parseLocations("wnam, weur,apac")).toEqual(["wnam", "weur", "apac"]);
    expect(parseLocation("oc")).toBe("oc");
  });

  it("refuses unknown, duplicate, missing or extra hints", () => {
    expect(() => parseLocations("wnam,mars")).toThrow(CliError);
    expect(() => parseLocations("wnam,mars")).toThrow(/invalid location hint 'mars': expected one of wnam, enam/);
    expect(() => parseLocations("wnam,wnam")).toThrow(/given twice/);
    expect(() => parseLocations(",")).toThrow(/at least one/);
    expect(() => parseLocation("wnam,weur")).toThrow(/one location hint/);
  });
});
