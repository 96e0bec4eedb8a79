import { test } from "node:test";
import assert from "node:assert/strict";
import { bearerKey, participantOf, resourceIdOf } from "@/lib/media/whip-ingest";

test("the key is read from a Bearer header only", () => {
  assert.equal(bearerKey("Bearer live_abc"), "live_abc");
  assert.equal(bearerKey("bearer  live_abc "), "live_abc");
  for (const h of [null, "", "Basic live_abc", "Bearer", "live_abc", "Bearer a b"]) assert.equal(bearerKey(h), null, String(h));
});

test("a session resource names its participant for its own stream only", () => {
  const id = resourceIdOf("stream-a", "PA_abc123");
  assert.match(id, /^PA_abc123\.[A-Za-z0-9_-]{22}$/);
  assert.equal(participantOf(id, "stream-a"), "PA_abc123");
  const refused = (rid: string, stream = "stream-a") => assert.throws(() => participantOf(rid, stream), (e: { code?: string }) => e.code === "NOT_FOUND", rid);
  refused(id, "stream-b");
  refused(id.replace("PA_abc123", "PA_abc124"));
  refused(`${id.slice(0, -1)}${id.endsWith("A") ? "B" : "A"}`);
  refused("PA_abc123");
  refused("../../whip/v1/PA_abc123.xxxxxxxxxxxxxxxxxxxxxx");
});
