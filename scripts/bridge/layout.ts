/**
 * The cluster's node names, read from CLUSTER NODES through the admin REST route of one node
 * (`POST /node/<name>`, src/gateway/app.ts). Names, not ids: the bridge addresses nodes the way
 * the gateway does, by Durable Object name.
 */
const NODE_ADDR = /^[0-9a-f]{40} ([^\s:@]+):\d+@\d+/gm;

/** Node names in CLUSTER NODES text, in natural order (node-2 before node-10). */
export function nodeNames(text: string): string[] {
  const names = [...text.matchAll(NODE_ADDR)].map((m) => m[1]!);
  return names.sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
}

/** Asks the seeds in turn for CLUSTER NODES; the first answer wins. */
export async function readLayout(url: string, adminToken: string, seeds: readonly string[]): Promise<string[]> {
  const failures: string[] = [];
  for (const seed of seeds) {
    try {
      const res = await fetch(`${url}/node/${encodeURIComponent(seed)}`, {
        method: "POST",
        headers: { authorization: `Bearer ${adminToken}` },
        body: JSON.stringify(["CLUSTER", "NODES"]),
      });
      const body = (await res.json()) as { result?: unknown; error?: unknown };
      if (typeof body.result === "string") return nodeNames(body.result);
      failures.push(`${seed}: ${String(body.error ?? res.status)}`);
    } catch (e) {
      failures.push(`${seed}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  throw new Error(`cannot read the cluster layout (${failures.join("; ")})`);
}
