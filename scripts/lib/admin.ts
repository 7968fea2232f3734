/**
 * A tiny admin client for operator scripts: sends commands to one node through the gateway's
 * `/node/<name>` REST routes with the admin token, and reads Upstash-style JSON replies.
 */
import { LOCATION_HINT_HEADER } from "../../src/placement/location-hint";

export interface AdminOptions {
  url: string;
  token: string;
  /**
   * Location hints by node name (cluster create --locations, add-node --location): sent with every
   * request to that node, so its first access, whichever it is, places it (src/gateway/placement.ts).
   */
  locationHints?: ReadonlyMap<string, string>;
}

export class AdminError extends Error {}

export type Json = string | number | null | Json[] | { [k: string]: Json };

/** One reply of a pipeline: exactly one of the two is set. */
export interface PipelineReply {
  result?: Json;
  error?: string;
}

/** Commands per `/node/<name>/pipeline` request: well under the gateway's REST_MAX_COMMANDS. */
const PIPELINE_CHUNK = 1000;

async function post(opts: AdminOptions, path: string, body: unknown, node?: string): Promise<unknown> {
  const hint = node === undefined ? undefined : opts.locationHints?.get(node);
  const res = await fetch(`${opts.url}${path}`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${opts.token}`, "content-type": "application/json",
      ...(hint === undefined ? {} : { [LOCATION_HINT_HEADER]: hint }),
    },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new AdminError(`${path}: HTTP ${res.status}: ${text.slice(0, 200)}`, { cause });
  }
}

/** Runs one command on node `name`; throws AdminError on an error reply. */
export async function nodeCommand(opts: AdminOptions, name: string, ...args: (string | number)[]): Promise<Json> {
  const body = (await post(opts, `/node/${encodeURIComponent(name)}`, args.map(String), name)) as PipelineReply;
  if (body.error !== undefined) throw new AdminError(`${name}: ${args.join(" ")}: ${body.error}`);
  return body.result ?? null;
}

/**
 * Runs commands on node `name` in order (one request per PIPELINE_CHUNK); each reply is returned,
 * errors included, so the caller decides which errors matter.
 */
export async function nodePipeline(opts: AdminOptions, name: string, cmds: (string | number)[][]): Promise<PipelineReply[]> {
  const out: PipelineReply[] = [];
  for (let i = 0; i < cmds.length; i += PIPELINE_CHUNK) {
    const chunk = cmds.slice(i, i + PIPELINE_CHUNK).map((c) => c.map(String));
    const body = await post(opts, `/node/${encodeURIComponent(name)}/pipeline`, chunk, name);
    if (!Array.isArray(body)) throw new AdminError(`${name}: pipeline: ${(body as PipelineReply).error ?? JSON.stringify(body)}`);
    out.push(...(body as PipelineReply[]));
  }
  return out;
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
