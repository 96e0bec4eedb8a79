import { test } from "node:test";
import assert from "node:assert/strict";
import { csvField, engagementRate, formatDuration, shares } from "@/lib/analytics/format";

test("engagement rate is (chat + reactions) per peak viewer, in percent", () => {
  assert.equal(engagementRate(3420, 890, 34_500), "12.49%");
  assert.equal(engagementRate(1, 0, 8), "12.5%");
  assert.equal(engagementRate(5, 3, 2), "400%");
  assert.equal(engagementRate(1, 0, 3), "33.33%");
  assert.equal(engagementRate(4, 4, 0), "0%");
});

test("durations read H:MM:SS", () => {
  assert.equal(formatDuration(7200), "2:00:00");
  assert.equal(formatDuration(61), "0:01:01");
  assert.equal(formatDuration(36_000 + 59), "10:00:59");
  assert.equal(formatDuration(-3), "0:00:00");
});

test("shares count names, most first", () => {
  assert.deepEqual(shares(["US", "ZZ", "US", "GB"]), [{ name: "US", viewers: 2 }, { name: "GB", viewers: 1 }, { name: "ZZ", viewers: 1 }]);
});

test("CSV fields are quoted and formulas made inert", () => {
  assert.equal(csvField(3), "3");
  assert.equal(csvField(null), "");
  assert.equal(csvField('a,"b"'), '"a,""b"""');
  assert.equal(csvField("=SUM(A1)"), "'=SUM(A1)");
});
