import { test } from "node:test";
import assert from "node:assert/strict";
import { parseRange } from "@/lib/http/media-response";

test("byte ranges: explicit, open-ended, suffix, clamped, unsatisfiable, ignored", () => {
  assert.deepEqual(parseRange("bytes=0-99", 1000), { start: 0, end: 99 });
  assert.deepEqual(parseRange("bytes=900-", 1000), { start: 900, end: 999 });
  assert.deepEqual(parseRange("bytes=-100", 1000), { start: 900, end: 999 });
  assert.deepEqual(parseRange("bytes=-5000", 1000), { start: 0, end: 999 });
  assert.deepEqual(parseRange("bytes=990-2000", 1000), { start: 990, end: 999 });
  assert.deepEqual(parseRange("bytes=0-9,20-29", 1000), { start: 0, end: 9 }, "the first of several");
  assert.equal(parseRange("bytes=1000-", 1000), "unsatisfiable");
  assert.equal(parseRange("bytes=-0", 1000), "unsatisfiable");
  for (const h of [null, "", "bytes=", "bytes=-", "items=0-1", "bytes=a-b", "bytes=50-10"]) assert.equal(parseRange(h, 1000), null, String(h));
});
