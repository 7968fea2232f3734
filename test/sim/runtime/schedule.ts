/**
 * Moved to test/sim/schedule.ts. This re-export keeps scripts/sim-soak.ts compiling until it
 * imports "../test/sim/schedule"; delete it then.
 */
export * from "../schedule";
