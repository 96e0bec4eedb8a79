import { test } from "node:test";
import assert from "node:assert/strict";
import { formatDuration, formatRelative, formatSpan, formatViewerCount } from "@/lib/client/format";

test("formatViewerCount follows the spec's examples", () => {
  assert.equal(formatViewerCount(1234), "1.2K");
  assert.equal(formatViewerCount(999), "999");
  assert.equal(formatViewerCount(1000), "1K");
  assert.equal(formatViewerCount(15_300), "15K");
  assert.equal(formatViewerCount(2_500_000), "2.5M");
  assert.equal(formatViewerCount(-5), "0");
});

test("formatDuration follows the spec's examples", () => {
  assert.equal(formatDuration(3661), "1:01:01");
  assert.equal(formatDuration(245), "4:05");
  assert.equal(formatDuration(0), "0:00");
});

test("formatRelative speaks in the nearest unit", () => {
  const now = Date.parse("2026-01-01T00:00:00Z");
  assert.equal(formatRelative("2026-01-01T03:00:00Z", now), "in 3 hours");
  assert.equal(formatRelative("2025-12-31T23:55:00Z", now), "5 minutes ago");
});

test("formatSpan names a timeout's length in its two largest units", () => {
  assert.equal(formatSpan(45), "45s");
  assert.equal(formatSpan(600), "10m");
  assert.equal(formatSpan(5400), "1h 30m");
  assert.equal(formatSpan(86_400), "1d");
  assert.equal(formatSpan(90_061), "1d 1h");
});
