import { describe, expect, it } from "vitest";
import { alwaysActiveGbSeconds, monthlyBill, SECONDS_PER_MONTH, type MonthlyUsage } from "../../../scripts/lib/cost-model";

const NONE: MonthlyUsage = { workerRequests: 0, doRequests: 0, doWebSocketMessages: 0, doGbSeconds: 0, rowsRead: 0, rowsWritten: 0, storedGb: 0 };

describe("monthlyBill", () => {
  it("is the $5 base when everything fits the included amounts", () => {
    expect(monthlyBill({ ...NONE, workerRequests: 10e6, doRequests: 1e6, doGbSeconds: 400_000, rowsWritten: 50e6, storedGb: 5 }).total).toBe(5);
  });

  it("bills what exceeds the included amounts at the list prices", () => {
    const b = monthlyBill({ ...NONE, workerRequests: 20e6, doRequests: 3e6, doGbSeconds: 1_400_000, rowsRead: 26e9, rowsWritten: 60e6, storedGb: 15 });
    expect(b.workerRequests).toBeCloseTo(3, 9);
    expect(b.doRequests).toBeCloseTo(0.3, 9);
    expect(b.doDuration).toBeCloseTo(12.5, 9);
    expect(b.rowsRead).toBeCloseTo(1, 9);
    expect(b.rowsWritten).toBeCloseTo(10, 9);
    expect(b.storage).toBeCloseTo(2, 9);
    expect(b.total).toBeCloseTo(5 + 3 + 0.3 + 12.5 + 1 + 10 + 2, 9);
  });

  it("bills incoming WebSocket messages 20:1 as Durable Object requests", () => {
    expect(monthlyBill({ ...NONE, doWebSocketMessages: 20e6 + 20e6 }).doRequests).toBeCloseTo(0.15, 9);
  });

  it("REFERENCE §6's cross-check: an alarm every 1 s on 6 always-active objects", () => {
    const alarms = (6 * SECONDS_PER_MONTH) / 1;
    const b = monthlyBill({ ...NONE, doRequests: alarms, doGbSeconds: alwaysActiveGbSeconds(6) });
    // 15.6M alarms: $2.18 of requests; 1.99M GB-s: $19.88 of duration.
    expect(b.doRequests).toBeCloseTo(2.18, 2);
    expect(b.doDuration).toBeCloseTo(19.88, 2);
  });
});
