import { test } from "node:test";
import assert from "node:assert/strict";
import { ChatCatchUp } from "@/lib/client/catch-up";
import type { ChatMessageView } from "@/lib/chat/schemas";

let n = 0;
/** A message whose id says it was made `agoMs` before now (ids are ObjectIds: seconds, then 16 hex). */
function msg(agoMs: number): ChatMessageView {
  const sec = Math.floor((Date.now() - agoMs) / 1000);
  const id = sec.toString(16).padStart(8, "0") + (n++).toString(16).padStart(16, "0");
  return { id, streamId: "s", sender: { id: "u", username: "u", displayName: "u" }, role: null, message: "m", mentions: [], reactions: {}, createdAt: new Date(sec * 1000).toISOString() };
}
const secondsOf = (id: string) => parseInt(id.slice(0, 8), 16);

test("a catch-up asks from two seconds before the newest message when messages come on time", () => {
  const c = new ChatCatchUp(() => undefined);
  c.joined("s", []);
  for (let i = 0; i < 20; i++) c.live(msg(0));
  const newest = secondsOf(msg(0).id);
  const since = secondsOf(c.begin("s"));
  // Up to a second more for the ids' second granularity.
  assert.ok(since <= newest - 2 && since >= newest - 4, `since ${newest - since} s before the newest`);
});

test("a catch-up reaches further back by how much older than the newest recent messages came (another process's, queued over a Redis outage)", () => {
  const c = new ChatCatchUp(() => undefined);
  c.joined("s", []);
  for (let i = 0; i < 20; i++) c.live(msg(0));
  // Messages made 6 s ago arrive now, next to fresh ones: one made 6 s ago may still be on its way.
  for (let i = 0; i < 5; i++) c.live(msg(6000));
  c.live(msg(0));
  const newest = secondsOf(msg(0).id);
  const since = secondsOf(c.begin("s"));
  assert.ok(since <= newest - 2 - 5, `since only ${newest - since} s before the newest`);
  assert.ok(since >= newest - 2 - 8, `since ${newest - since} s before the newest: too far`);
});

test("messages that all come equally late (a slow client or server) do not widen the catch-up", () => {
  const c = new ChatCatchUp(() => undefined);
  c.joined("s", []);
  for (let i = 0; i < 20; i++) c.live(msg(8000));
  const newest = secondsOf(msg(8000).id);
  const since = secondsOf(c.begin("s"));
  assert.ok(since <= newest - 2 && since >= newest - 4, `since ${newest - since} s before the newest`);
});
