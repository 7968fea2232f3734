/**
 * Glob matching (stringmatchlen semantics) in bounded time: the same answers as plain backtracking
 * over Redis's rules, and a step count that stays polynomial on patterns that used to explode.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { GLOB_MAX_NESTING, globMatch, globMatchSteps } from "../../../src/keyspace/glob";
import { referenceGlob as reference } from "../../../scripts/fuzz/glob";

describe("glob: Redis stringmatchlen semantics", () => {
  it.each([
    ["h?llo", "hello", true], ["h?llo", "hllo", false], ["h*llo", "heeeello", true], ["h*llo", "hllo", true],
    ["h[ae]llo", "hallo", true], ["h[ae]llo", "hillo", false], ["h[^e]llo", "hallo", true], ["h[^e]llo", "hello", false],
    ["h[a-b]llo", "hbllo", true], ["h[b-a]llo", "hbllo", true], ["h[a-b]llo", "hcllo", false],
    ["a\\*b", "a*b", true], ["a\\*b", "axb", false], ["a\\", "a\\", true], ["[\\]]", "]", true],
    ["*", "anything", true], ["*", "", false], ["", "", true], ["a*", "a", true], ["a**", "a", true],
    ["[abc", "b", true], ["[^", "x", true], ["[", "x", false], ["[a-]x", "]", true],
    ["\xff*", "\xff\xffbin", true], ["*b", "aaab", true], ["*b", "aaac", false],
  ])("%j against %j is %s", (p, s, want) => {
    expect(globMatch(p, s)).toBe(want);
    expect(reference(p, s)).toBe(want);
  });

  it("folds ASCII letters only with nocase", () => {
    expect(globMatch("HeLLo*", "hello world", true)).toBe(true);
    expect(globMatch("[A-C]x", "bx", true)).toBe(true);
    expect(globMatch("\xc0", "\xe0", true)).toBe(false);
    expect(globMatch("HELLO", "hello")).toBe(false);
  });

  it("answers like plain backtracking on random small patterns", () => {
    const alphabet = fc.constantFrom("a", "b", "*", "?", "[", "]", "^", "-", "\\", "A");
    const str = (chars: fc.Arbitrary<string>, max: number) => fc.array(chars, { maxLength: max }).map((a) => a.join(""));
    fc.assert(
      fc.property(str(alphabet, 10), str(fc.constantFrom("a", "b", "A", "]", "-", "*"), 10), fc.boolean(), (p, s, nocase) => {
        expect(globMatch(p, s, nocase)).toBe(reference(p, s, nocase));
      }),
      { seed: 4242, numRuns: 20000 },
    );
  });
});

/** Matches `key` and checks the step count stays within pattern × string (backtracking: exponential). */
function expectBounded(pattern: string, key: string): boolean {
  const r = globMatchSteps(pattern, key);
  expect(r.steps).toBeLessThanOrEqual((pattern.length + 1) * (key.length + 1) * 2);
  return r.match;
}

describe("glob: bounded time", () => {
  it("counts pattern × string steps where backtracking counts millions", () => {
    expect(expectBounded("a*".repeat(10) + "b", "a".repeat(25))).toBe(false);
  });

  it("gives up quickly on a*a*...*b against a 40-byte key (about 1.4e11 steps for backtracking)", () => {
    expect(expectBounded("a*".repeat(20) + "b", "a".repeat(40))).toBe(false);
  });

  it("stays polynomial on long keys and many stars", () => {
    const pattern = "*a".repeat(200) + "*b";
    expect(expectBounded(pattern, "a".repeat(5000))).toBe(false);
    expect(expectBounded(pattern, "a".repeat(5000) + "b")).toBe(true);
  });

  it(`answers no match beyond ${GLOB_MAX_NESTING} nested stars, as Redis does`, () => {
    const deep = "a*".repeat(GLOB_MAX_NESTING + 5) + "a";
    expect(globMatch(deep, "a".repeat(GLOB_MAX_NESTING + 10))).toBe(false);
    const shallow = "a*".repeat(GLOB_MAX_NESTING - 5) + "a";
    expect(globMatch(shallow, "a".repeat(GLOB_MAX_NESTING))).toBe(true);
  });
});
