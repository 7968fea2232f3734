/**
 * Where a shard channel lives: SSUBSCRIBE / SUNSUBSCRIBE go through the router to their slot's
 * owner like any keyed command (the node's slot gate answers MOVED, ASK, CLUSTERDOWN; the cluster
 * routes follow them), and the node, which keeps no subscriptions, answers NOT_HERE when it serves
 * the slot. Channels of several slots are CROSSSLOT, as in Redis Cluster.
 */
import type { BStr } from "../resp/bytes";
import { ERR, error, type Reply } from "../resp/reply";
import type { ConnState } from "../commands/types";
import type { Router } from "./router";

const REFUSALS = /^(MOVED|ASK|TRYAGAIN|CLUSTERDOWN|CROSSSLOT) /;

export async function shardCheck(router: Router, argv: BStr[], conn: ConnState): Promise<Reply | null> {
  const c = router.check(argv, conn);
  if ("reply" in c) return c.reply;
  if (c.slots.kind === "crossslot") return error(ERR.crossSlot);
  const [r] = await router.execute([argv], conn);
  return r && r.t === "error" && REFUSALS.test(r.v) ? r : null;
}
