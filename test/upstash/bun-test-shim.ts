/**
 * `bun:test` over vitest, for the vendored @upstash/redis test files (resolved by the `upstash`
 * project's alias): the same names with bun's semantics where they differ from vitest's:
 * - `test(name, fn, { timeout } | ms)`: vitest 4 takes options second;
 * - `expect(fn).toThrow()` calls fn and, if it returns a promise, waits for it (bun's toThrow);
 * - the matchers toBeTrue, toBeFalse and toStartWith.
 * Tests listed in known-failures.ts are skipped with their reason as the note.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect as vitestExpect, test as vitestTest } from "vitest";
import { knownFailure } from "./known-failures";

export { afterAll, afterEach, beforeAll, beforeEach, describe };

type TestFn = () => unknown;
type BunOptions = number | { timeout?: number };
type Register = (name: string, fn?: (ctx: { task: { fullName: string }; skip(note?: string): never }) => unknown, timeout?: number) => void;

function bunForm(register: Register) {
  return (name: string, fn?: TestFn, options?: BunOptions) =>
    register(
      name,
      fn &&
        ((ctx) => {
          const reason = knownFailure(ctx.task.fullName);
          if (reason) ctx.skip(reason);
          return fn();
        }),
      typeof options === "number" ? options : options?.timeout,
    );
}

export const test = Object.assign(bunForm(vitestTest as Register), {
  skip: bunForm(vitestTest.skip as Register),
  only: bunForm(vitestTest.only as Register),
  todo: (name: string) => vitestTest.todo(name),
});
export const it = test;

const isThenable = (v: unknown): v is PromiseLike<unknown> =>
  (typeof v === "object" || typeof v === "function") && v !== null && typeof (v as { then?: unknown }).then === "function";

/** bun's toThrow on a function: a rejected promise it returns counts as a throw. */
function bunToThrow(actual: () => unknown, message: string | undefined) {
  return (...expected: unknown[]) => {
    let result: unknown;
    try {
      result = actual();
    } catch (e) {
      return vitestExpect(() => {
        throw e;
      }, message).toThrow(...(expected as []));
    }
    if (isThenable(result)) return vitestExpect(Promise.resolve(result), message).rejects.toThrow(...(expected as []));
    return vitestExpect(() => result, message).toThrow(...(expected as []));
  };
}

export const expect = new Proxy(vitestExpect, {
  apply(target, thisArg, args: [unknown, string?]) {
    const assertion = Reflect.apply(target, thisArg, args) as object;
    const [actual, message] = args;
    if (typeof actual !== "function") return assertion;
    return new Proxy(assertion, {
      get: (a, prop) =>
        prop === "toThrow" || prop === "toThrowError" ? bunToThrow(actual as () => unknown, message) : Reflect.get(a, prop),
    });
  },
});

vitestExpect.extend({
  toBeTrue(received: unknown) {
    return { pass: received === true, message: () => `expected ${this.utils.printReceived(received)} to be true` };
  },
  toBeFalse(received: unknown) {
    return { pass: received === false, message: () => `expected ${this.utils.printReceived(received)} to be false` };
  },
  toStartWith(received: unknown, prefix: string) {
    return {
      pass: typeof received === "string" && received.startsWith(prefix),
      message: () => `expected ${this.utils.printReceived(received)} to start with ${this.utils.printExpected(prefix)}`,
    };
  },
});

declare module "vitest" {
  interface Matchers<T = any> {
    toBeTrue(): T;
    toBeFalse(): T;
    toStartWith(prefix: string): T;
  }
}
