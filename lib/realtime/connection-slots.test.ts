import { test } from "node:test";
import assert from "node:assert/strict";
import { ConnectionSlots } from "@/lib/realtime/connection-slots";

// Without REDIS_URL (unit tests) the process counts its own connections: the same rules as the shared sets.
test("a cap counts open connections; all claims are taken or none", async () => {
  const slots = new ConnectionSlots(() => true);
  try {
    const user = { key: "u:1", max: 2 };
    const ip = { key: "ip:198.51.100.7", max: 3 };
    assert.equal(await slots.acquire("s1", [ip, user]), null);
    assert.equal(await slots.acquire("s2", [ip, user]), null);
    assert.deepEqual(await slots.acquire("s3", [ip, user]), user, "the user's cap is full");
    // Nothing was taken for s3: the address still has room for one more.
    assert.equal(await slots.acquire("s3", [ip]), null);
    assert.deepEqual(await slots.acquire("s4", [ip]), ip);
    // A claim the connection already holds is not counted twice.
    assert.equal(await slots.acquire("s1", [ip, user]), null);
    await slots.release("s1");
    assert.equal(await slots.acquire("s4", [ip, user]), null, "a released connection frees its slots");
    // Taking a single key back, as `authenticate` does when a socket changes user.
    await slots.release("s4", "u:1");
    assert.equal(await slots.acquire("s5", [user]), null);
    assert.equal(await slots.acquire("s6", [user], { force: true }), null, "force takes a slot whatever the count");
  } finally {
    slots.close();
  }
});
