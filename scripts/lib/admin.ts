/**
 * A tiny admin client for operator scripts: sends a command to one node through the gateway's
 * `/node/<name>` REST route with the admin token, and reads Upstash-style JSON replies.
 */
export interface AdminOptions {
  url: string;
  token: string;
}

export class AdminError extends Error {}

export type Json = string | number | null | Json[] | { [k: string]: Json };

/** Runs one command on node `name`; throws AdminError on an error reply. */
export async function nodeCommand(opts: AdminOptions, name: string, ...args: (string | number)[]): Promise<Json> {
  const res = await fetch(`${opts.url}/node/${encodeURIComponent(name)}`, {
    method: "POST",
    headers: { authorization: `Bearer ${opts.token}`, "content-type": "application/json" },
    body: JSON.stringify(args.map(String)),
  });
  const body = (await res.json()) as { result?: Json; error?: string };
  if (body.error !== undefined) throw new AdminError(`${name}: ${args.join(" ")}: ${body.error}`);
  return body.result ?? null;
}

/** Parses CLUSTER INFO text into a record. */
export function parseInfo(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const i = line.indexOf(":");
    if (i > 0 && !line.startsWith("#")) out[line.slice(0, i)] = line.slice(i + 1);
  }
  return out;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
