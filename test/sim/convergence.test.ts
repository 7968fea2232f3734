/**
 * Membership and slot-map convergence after `redis-cli --cluster create`-style bootstrap: every
 * node MEETs the previous one (a chain, the slowest topology for gossip to close), on a perfect
 * network, at the shell's default timing (NT 15 s, cron 1 s), over real runtimes.
 */
import { describe, expect, it } from "vitest";
import { allOk, convergenceProblem } from "./checks";
import { bootstrap } from "./cluster";
import { Sim } from "./sim";

const SEED = Number(process.env.SIM_SEED ?? 1);

/**
 * Budgets in cron rounds. Measured on the old core-only simulator over 30 seeds (10 for N=50),
 * rounds to convergence: N=3: median 3, max 10; N=6: median 4, max 6; N=20: median 11, max 19;
 * N=50: median 11, max 23. The slow tail is the last node to appear in some gossip section
 * (max(3, N/10) random entries).
 */
const CASES: [n: number, maxRounds: number][] = [
  [3, 15],
  [6, 15],
  [20, 30],
  [50, 40],
];

describe("a chain of MEETs converges", () => {
  for (const [n, maxRounds] of CASES) {
    it(`to full membership and one slot map with ${n} masters within ${maxRounds} cron rounds`, async () => {
      const sim = new Sim({ seed: SEED + n });
      await bootstrap(sim, { masters: n, meet: "chain" });
      const cron = sim.cronMs;
      const before = { ...sim.stats };
      const elapsed = await sim.runUntil(() => convergenceProblem(sim) === null, maxRounds * cron, cron);
      const rounds = elapsed === null ? null : elapsed / cron;
      console.log(`[sim] seed=${sim.seed} N=${n}: converged in ${rounds ?? `>${maxRounds}`} rounds (${elapsed ?? "-"} ms simulated), ` +
        `${sim.stats.busMessages - before.busMessages} bus messages in ${sim.stats.rpcs - before.rpcs} RPCs, ${sim.stats.alarms - before.alarms} alarms`);
      expect(elapsed, `seed ${sim.seed}: ${convergenceProblem(sim)}; replay: SIM_SEED=${SEED} npx vitest run test/sim/convergence.test.ts`).not.toBeNull();
      const okAfter = await sim.runUntil(() => allOk(sim), 10 * cron, cron);
      expect(okAfter, "cluster_state:ok everywhere").not.toBeNull();
    }, 60_000);
  }
});
