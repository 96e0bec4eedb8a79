import { test } from "node:test";
import assert from "node:assert/strict";
import { Server } from "socket.io";
import { Presence } from "@/lib/realtime/presence";

// Without REDIS_URL (unit tests) presence counts this process's sockets: a viewer key's sockets are kept as
// the bare id while there is one (issue 21, memory per viewer) and as a set from the second tab on.
test("a viewer counts once over their tabs, arrives with the first and leaves with the last", async () => {
  const io = new Server(); // its sockets map is where presence's sweep looks (empty here)
  const changes: string[] = [];
  const presence = new Presence(io, async () => undefined, (streamId, key, present) => void changes.push(`${present ? "+" : "-"}${key}@${streamId}`));
  try {
    await presence.join("s1", "a:1", "x");
    await presence.join("s1", "a:1", "y");
    await presence.join("s1", "a:1", "z");
    await presence.join("s1", "u:2", "w");
    assert.deepEqual(changes, ["+a:1@s1", "+u:2@s1"], "a second and third tab is the same viewer");
    assert.equal(await presence.count("s1"), 2);
    await presence.leave("s1", "a:1", "y");
    await presence.leave("s1", "a:1", "y");
    await presence.leave("s1", "a:1", "nobody");
    await presence.leave("s1", "a:1", "x");
    assert.deepEqual(changes, ["+a:1@s1", "+u:2@s1"], "still there while a tab is");
    await presence.join("s1", "a:1", "z");
    assert.deepEqual(changes, ["+a:1@s1", "+u:2@s1", "+a:1@s1"], "a socket that joins again announces its viewer again, as before");
    await presence.leave("s1", "a:1", "z");
    assert.deepEqual(changes.at(-1), "-a:1@s1", "gone with the last tab");
    assert.equal(await presence.count("s1"), 1);
    await presence.leave("s1", "u:2", "other");
    assert.equal(await presence.count("s1"), 1, "a socket that was not there changes nothing");
    await presence.leave("s1", "u:2", "w");
    assert.equal(await presence.count("s1"), 0);
    assert.deepEqual(await presence.members("s1"), []);
    assert.deepEqual(changes.at(-1), "-u:2@s1");
  } finally {
    presence.close(); // the Server was never attached to an HTTP server: nothing of it to close
  }
});
