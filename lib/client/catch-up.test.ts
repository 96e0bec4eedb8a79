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

/** A message made in second `sec` (a Unix second), for catch-ups driven by hand. */
function at(sec: number): ChatMessageView {
  return { ...msg(0), id: sec.toString(16).padStart(8, "0") + (n++).toString(16).padStart(16, "0"), createdAt: new Date(sec * 1000).toISOString() };
}

/**
 * A busy chat as the catch-up's pages see it: history holds 100 messages a second from `base` on, and every
 * page says more remain (its round trip let more in), or only the first `pages` do. Page k is read at second
 * `asOf(k)` of the server's clock; without `asOf`, pages carry none (an older server).
 */
function busyHistory(base: number, asOf?: (k: number) => number, pages = Infinity) {
  const calls = { n: 0 };
  const page = (after: string) => {
    const k = calls.n++;
    if (k > 200) throw new Error("the catch-up is chasing the live edge page after page");
    const sec = Math.max(base, secondsOf(after) + 1);
    const messages = Array.from({ length: 100 }, () => at(sec));
    const nextAfter = k + 1 < pages ? messages.at(-1)!.id : null;
    return Promise.resolve({ messages, nextBefore: null, nextAfter, asOf: asOf ? new Date(asOf(k) * 1000).toISOString() : (undefined as unknown as string) });
  };
  return { page, calls };
}

test("in a busy chat a catch-up pages until two seconds past the first page's time, then delivers each message once, in order", async () => {
  const delivered: ChatMessageView[] = [];
  const c = new ChatCatchUp((m) => delivered.push(m));
  const base = Math.floor(Date.now() / 1000) - 60;
  c.joined("s", [at(base - 1)]);
  c.hold("s");
  const since = c.begin("s");
  // The first page is read at second base + 10, later ones later (the clock moves on): the first one bounds it.
  const { page, calls } = busyHistory(base, (k) => base + 10 + k);
  // Live messages held meanwhile: from the rejoin on, and a late one from before it (another process's).
  for (const sec of [base + 9, base + 10, base + 11, base + 12, base + 13, base + 3]) c.live(at(sec));
  const missed = await c.finish("s", { history: [], nextAfter: since }, page);
  // One page per second from base on; after the page of second base + 12 (the 13th), nextAfter is at base + 10 + 2: stop.
  assert.equal(calls.n, 13, `${calls.n} pages`);
  assert.equal(missed, calls.n * 100);
  const ids = delivered.map((m) => m.id);
  assert.equal(new Set(ids).size, ids.length, "each message once");
  assert.deepEqual(ids, [...ids].sort(), "in id order");
  const seconds = new Set(ids.map(secondsOf));
  for (let sec = base; sec <= base + 13; sec++) assert.ok(seconds.has(sec), `second ${sec - base} missing`);
});

test("a page without `asOf` (an older server) leaves the catch-up paging until no more remain", async () => {
  const c = new ChatCatchUp(() => undefined);
  const base = Math.floor(Date.now() / 1000) - 60;
  c.joined("s", [at(base - 1)]);
  c.hold("s");
  const since = c.begin("s");
  const { page } = busyHistory(base, undefined, 30);
  assert.equal(await c.finish("s", { history: [], nextAfter: since }, page), 3000);
});
