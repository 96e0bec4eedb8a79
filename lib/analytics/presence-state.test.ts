import { test } from "node:test";
import assert from "node:assert/strict";
import { attach, clearAll, detach, openIntervals } from "@/lib/analytics/presence-state";

// Without REDIS_URL (unit tests) the state is the process's own: the same rules the Redis scripts apply.
test("a viewer is present while any source is; a view starts only after more than the gap away", async () => {
  assert.equal(process.env.REDIS_URL ?? "", "", "these run without Redis");
  const sid = "s1";
  const GAP = 60_000;
  assert.deepEqual(await attach(sid, "u:1", "p:a", 1000, GAP), { arrived: true, newView: true, current: 1 });
  assert.deepEqual(await attach(sid, "u:1", "m:1", 2000, GAP), { arrived: false, newView: false, current: 1 }, "the player beside the page");
  assert.deepEqual(await attach(sid, "a:x", "p:a", 3000, GAP), { arrived: true, newView: true, current: 2 });
  assert.deepEqual(await detach(sid, "u:1", "p:a", 4000), { left: false, since: 0, current: 2 }, "still in the room");
  assert.deepEqual(await detach(sid, "u:1", "m:1", 5000), { left: true, since: 1000, current: 1 });
  assert.deepEqual(await detach(sid, "u:1", "m:1", 5500), { left: false, since: 0, current: 1 }, "a second leave changes nothing");
  assert.deepEqual(await attach(sid, "u:1", "p:b", 5000 + GAP, GAP), { arrived: true, newView: false, current: 2 }, "back within the gap: the same view");
  await detach(sid, "u:1", "p:b", 70_000);
  assert.deepEqual(await attach(sid, "u:1", "p:b", 70_001 + GAP, GAP), { arrived: true, newView: true, current: 2 }, "back after the gap: a new view");
  assert.deepEqual((await openIntervals(sid)).sort((a, b) => a.since - b.since), [{ key: "a:x", since: 3000 }, { key: "u:1", since: 70_001 + GAP }]);
  assert.equal((await clearAll(sid)).length, 2);
  assert.deepEqual(await openIntervals(sid), []);
  assert.deepEqual(await attach(sid, "u:1", "p:b", 200_000, GAP), { arrived: true, newView: true, current: 1 }, "a stream's end forgets everyone");
});
