import { test } from "node:test";
import assert from "node:assert/strict";
import { minuteShares } from "@/lib/analytics/buffer";

test("watch time is cut at minute boundaries, every millisecond in exactly one minute", () => {
  const m = 60_000;
  assert.deepEqual(minuteShares(10 * m + 15_000, 10 * m + 45_000), [[10 * m, 30_000]]);
  assert.deepEqual(minuteShares(10 * m + 50_000, 12 * m + 5_000), [[10 * m, 10_000], [11 * m, 60_000], [12 * m, 5_000]]);
  assert.deepEqual(minuteShares(10 * m, 11 * m), [[10 * m, 60_000]]);
  assert.deepEqual(minuteShares(5, 5), []);
  const parts = minuteShares(123_456, 987_654);
  assert.equal(parts.reduce((n, [, ms]) => n + ms, 0), 987_654 - 123_456);
});
