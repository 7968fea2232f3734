/**
 * Cloudflare's Workers Paid prices, and a month's bill from measured usage (scripts/cost.ts,
 * scripts/bench/idle-bus.ts). Pure: usage in, dollars out.
 *
 * Prices: https://developers.cloudflare.com/workers/platform/pricing/ and
 * https://developers.cloudflare.com/durable-objects/platform/pricing/ (as published in 2025, read
 * for this project 2026-12). Workers CPU time (30M CPU-ms included, then $0.02 per million) is not
 * counted: the gateway's CPU time is not measured here.
 */

export const PRICES = {
  /** Workers Paid subscription, per month. */
  baseUsdPerMonth: 5,
  /** Worker invocations (HTTP requests, WebSocket upgrades, Cron Triggers). */
  workerRequestsIncluded: 10e6,
  workerUsdPerMillionRequests: 0.3,
  /** Durable Object requests: RPC calls, fetches, alarms; incoming WebSocket messages count 1/20. */
  doRequestsIncluded: 1e6,
  doUsdPerMillionRequests: 0.15,
  doWebSocketMessagesPerRequest: 20,
  /** Durable Object duration: wall clock while the object is active, at 128 MB per object. */
  doGbSecondsIncluded: 400_000,
  doUsdPerMillionGbSeconds: 12.5,
  doMemoryGb: 0.128,
  /** SQLite storage (SQLite-backed Durable Objects). */
  rowsReadIncluded: 25e9,
  usdPerMillionRowsRead: 0.001,
  rowsWrittenIncluded: 50e6,
  usdPerMillionRowsWritten: 1.0,
  storedGbMonthsIncluded: 5,
  usdPerStoredGbMonth: 0.2,
} as const;

/** 30 days: the month the included amounts are per. */
export const SECONDS_PER_MONTH = 30 * 86_400;

/** A month's usage of the account. */
export interface MonthlyUsage {
  workerRequests: number;
  doRequests: number;
  /** Incoming WebSocket messages to Durable Objects (billed as requests, 20:1). */
  doWebSocketMessages: number;
  doGbSeconds: number;
  rowsRead: number;
  rowsWritten: number;
  storedGb: number;
}

export interface Bill {
  base: number;
  workerRequests: number;
  doRequests: number;
  doDuration: number;
  rowsRead: number;
  rowsWritten: number;
  storage: number;
  total: number;
}

const over = (used: number, included: number, usdPerMillion: number): number => (Math.max(0, used - included) / 1e6) * usdPerMillion;

export function monthlyBill(u: MonthlyUsage): Bill {
  const p = PRICES;
  const doRequests = u.doRequests + u.doWebSocketMessages / p.doWebSocketMessagesPerRequest;
  const b = {
    base: p.baseUsdPerMonth,
    workerRequests: over(u.workerRequests, p.workerRequestsIncluded, p.workerUsdPerMillionRequests),
    doRequests: over(doRequests, p.doRequestsIncluded, p.doUsdPerMillionRequests),
    doDuration: over(u.doGbSeconds, p.doGbSecondsIncluded, p.doUsdPerMillionGbSeconds),
    rowsRead: over(u.rowsRead, p.rowsReadIncluded, p.usdPerMillionRowsRead),
    rowsWritten: over(u.rowsWritten, p.rowsWrittenIncluded, p.usdPerMillionRowsWritten),
    storage: Math.max(0, u.storedGb - p.storedGbMonthsIncluded) * p.usdPerStoredGbMonth,
  };
  return { ...b, total: Object.values(b).reduce((a, x) => a + x, 0) };
}

/**
 * Duration of `objects` objects that never leave memory: an alarm or gossip at least every few
 * seconds keeps an object active (Cloudflare evicts an object only after ~10 s or more without
 * events), so it is billed the whole month at 128 MB.
 */
export const alwaysActiveGbSeconds = (objects: number): number => objects * PRICES.doMemoryGb * SECONDS_PER_MONTH;
