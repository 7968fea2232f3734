/**
 * The geohash, formats, partial sort and libm pieces on their own, against values recorded from
 * redis-server 7.0.15 and glibc 2.36 on x86-64.
 */
import { describe, expect, it } from "vitest";
import { align52, decodeScore, encodeWGS84, neighbors, pointScore, scoreToUint64 } from "../../../src/geo/geohash";
import { distanceText, humanDouble, printfFixed } from "../../../src/geo/geo-format";
import { estimateStepsByRadius } from "../../../src/geo/geo-area";
import { pqsort } from "../../../src/geo/pqsort";
import { asin, cos, sin } from "../../../src/geo/libm";

describe("geohash", () => {
  it("encodes a point into the 52-bit score GEOADD stores", () => {
    expect(pointScore(13.361389, 38.115556)).toBe(3479099956230698n);
    expect(pointScore(15.087269, 37.502669)).toBe(3479447370796909n);
    expect(pointScore(181, 0)).toBeNull();
    expect(pointScore(0, 85.06)).toBeNull();
  });

  it("decodes a score to its cell's centre, clamped to the limits", () => {
    expect(decodeScore(3479099956230698).map(humanDouble)).toEqual(["13.36138933897018433", "38.11555639549629859"]);
    const edge = Number(pointScore(180, 85.05112878));
    expect(decodeScore(edge).map(humanDouble)).toEqual(["180", "85.0511287799999991"]);
  });

  it("converts odd scores as x86-64's (uint64_t) cast does", () => {
    expect(scoreToUint64(1.5)).toEqual([0, 1]);
    expect(scoreToUint64(-1)).toEqual([0xffffffff, 0xffffffff]);
    expect(scoreToUint64(Infinity)).toEqual([0, 0]);
    expect(scoreToUint64(-Infinity)).toEqual([0x80000000, 0]);
    expect(scoreToUint64(2 ** 63 + 2 ** 40)).toEqual([0x80000100, 0]);
    expect(decodeScore(-1).map(humanDouble)).toEqual(["180", "85.0511287799999991"]);
  });

  it("finds neighbours that wrap around the antimeridian", () => {
    const h = encodeWGS84(179.99, 0, 2)!; // the easternmost column of a 4x4 grid
    const west = encodeWGS84(-179.99, 0, 2)!;
    expect(neighbors(h).east).toEqual(west);
    expect(align52(h)).toBe(h.bits << 48n);
  });

  it("estimates coarser steps for larger radii and near the poles", () => {
    expect(estimateStepsByRadius(0, 0)).toBe(26);
    expect(estimateStepsByRadius(1000, 0)).toBe(14);
    expect(estimateStepsByRadius(1000, 70)).toBe(13);
    expect(estimateStepsByRadius(1000, -81)).toBe(12);
    expect(estimateStepsByRadius(5e7, 0)).toBe(1);
  });
});

describe("formats", () => {
  it("prints %f like glibc: exact expansion, ties to even, no upper limit", () => {
    expect(printfFixed(200.0078125, 6)).toBe("200.007812");
    expect(printfFixed(200.0234375, 6)).toBe("200.023438");
    expect(printfFixed(-0, 6)).toBe("-0.000000");
    expect(printfFixed(-Infinity, 6)).toBe("-inf");
    expect(printfFixed(1e22, 1)).toBe("10000000000000000000000.0");
  });

  it("prints coordinates as %.17Lf without trailing zeros", () => {
    expect(humanDouble(0.5)).toBe("0.5");
    expect(humanDouble(-0)).toBe("0");
    expect(humanDouble(2.68220901489e-6)).toBe("0.00000268220901489");
  });

  it("prints distances as llrint(d * 10^4) with 4 decimals", () => {
    expect(distanceText(0)).toBe("0.0000");
    expect(distanceText(166274.15156960033)).toBe("166274.1516");
    expect(distanceText(0.00005)).toBe("0.0000"); // 0.5 rounds to even
    expect(distanceText(0.00015)).toBe("0.0001"); // 1.4999999999999998
    expect(distanceText(0.00125)).toBe("0.0012"); // 12.5: to even
    expect(distanceText(0.0123)).toBe("0.0123");
    expect(distanceText(NaN)).toBe("-922337203685477.5808");
  });
});

describe("pqsort", () => {
  it("makes the wanted positions final, whatever the ties", () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let round = 0; round < 200; round++) {
      const a = Array.from({ length: 1 + Math.floor(rand() * 120) }, (_, i) => ({ i, d: Math.floor(rand() * 6) }));
      const sorted = [...a].sort((x, y) => x.d - y.d).map((x) => x.d);
      const hi = Math.floor(rand() * a.length);
      pqsort(a, (x, y) => x.d - y.d, 0, hi);
      expect(a.slice(0, hi + 1).map((x) => x.d)).toEqual(sorted.slice(0, hi + 1));
    }
  });
});

describe("libm", () => {
  // [function, argument bits, glibc's result bits]: cases where V8's Math differs from glibc.
  const CASES: [string, string, string][] = [
    ["asin", "3fe810fc1af1f16d", "3feb3d0c898e373d"], ["asin", "3fe1d7e67b32fc90", "3fe2ed8ce3d58827"],
    ["asin", "3fe89b4eedfe89a8", "3fec121bb514337f"], ["asin", "3fe180dffeebdbda", "3fe285286fe7dfe1"],
    ["cos", "400427ffe25b0335", "bfea01771438f3e7"], ["cos", "c0037470c2ffde34", "bfe845e7a7774b7b"],
    ["cos", "bfe6acaacdb4164a", "3fe84c1702e84739"], ["cos", "3ff71ceed529a955", "3fc01d69f700a4da"],
    ["sin", "bfec378632fee995", "bfe8b3299add5313"], ["sin", "c0044127f1e7f601", "bfe25370d2de8e41"],
    ["sin", "c004ed14fe92df1b", "bfe00fd19f7d8463"], ["sin", "c0023b4a41c2c7b9", "bfe84e59055f5550"],
  ];
  const dv = new DataView(new ArrayBuffer(8));
  const fromHex = (h: string): number => (dv.setBigUint64(0, BigInt(`0x${h}`)), dv.getFloat64(0));
  const toHex = (x: number): string => (dv.setFloat64(0, x), dv.getBigUint64(0).toString(16));
  const fns: Record<string, (x: number) => number> = { sin, cos, asin };

  it.each(CASES)("%s(0x%s) is glibc's 0x%s", (f, x, want) => {
    expect(toHex(fns[f]!(fromHex(x)))).toBe(want);
  });

  it("keeps the exact values", () => {
    expect(asin(1)).toBe(Math.PI / 2);
    expect(asin(0)).toBe(0);
    expect(sin(0)).toBe(0);
    expect(cos(0)).toBe(1);
    expect(Number.isNaN(asin(1.0000000000000002))).toBe(true);
  });
});
