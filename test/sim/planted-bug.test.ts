/**
 * The simulator runs the production shells, so it sees bugs in them: with the cluster shell's
 * persist-before-send order reversed (a bug planted here, in the test only), the first election
 * sends its new epoch before storage holds it, and the simulator fails the run. The old core-only
 * simulator re-implemented that order itself and could not see this.
 */
import { afterEach, describe, expect, it } from "vitest";
import { ClusterShell } from "../../src/node/cluster-shell";
import type { Outcome } from "../../src/cluster";
import { createCluster } from "./cluster";
import { Sim } from "./sim";

type ShellInternals = { settle(out: Outcome): void; send(sends: Outcome["send"]): Promise<void> };
const productionApply = ClusterShell.prototype.apply;

/** A master dies; its replica must be elected (a new epoch, sent in FAILOVER_AUTH_REQUEST and PONGs). */
async function failOverOneMaster(seed: number): Promise<Sim> {
  const sim = new Sim({ seed, nodeTimeoutMs: 2000, cronMs: 250 });
  await createCluster(sim, { masters: 3, replicasPerMaster: 1 });
  sim.crash("n0");
  const promoted = await sim.runUntil(() => sim.state("n3").myself.slaveof === null, 30_000);
  expect(promoted).not.toBeNull();
  return sim;
}

describe("the simulator runs the production cluster shell", () => {
  afterEach(() => {
    ClusterShell.prototype.apply = productionApply;
  });

  it("the production shell persists every epoch before it leaves the node", async () => {
    await failOverOneMaster(7);
  });

  it("catches a shell that sends before it persists", async () => {
    ClusterShell.prototype.apply = async function (this: ClusterShell, out: Outcome): Promise<void> {
      const shell = this as unknown as ShellInternals;
      await shell.send(out.send); // planted bug: deliver first ...
      shell.settle(out); // ... persist after
    };
    await expect(failOverOneMaster(7)).rejects.toThrow(/before persisting them/);
  });
});
