import { test } from "node:test";
import assert from "node:assert/strict";
import { MAX_BATCH_EVENTS, StreamBatcher, batchedTwin, inStreamRoom, wantsBatches, type BatchEntry } from "@/lib/realtime/stream-batches";
import { unpackBatch } from "@/lib/client/batch-unpack";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test("a quiet room's event leaves at once; what follows within the window leaves as one frame, in order, and unpacks to the same events", async () => {
  const frames: [string, BatchEntry[]][] = [];
  const b = new StreamBatcher((room, entries) => frames.push([room, entries]), 20);
  b.add("batched:stream:a", "stream_chat_message", { id: "1" });
  b.add("batched:stream:b", "stream_chat_message", { id: "x" });
  assert.deepEqual(frames, [["batched:stream:a", [["stream_chat_message", { id: "1" }]]], ["batched:stream:b", [["stream_chat_message", { id: "x" }]]]], "each room's first event leaves without waiting");
  b.add("batched:stream:a", "chat_message_deleted", { messageId: "1" });
  b.add("batched:stream:a", "viewer_count_update", { currentViewers: 3 });
  assert.equal(frames.length, 2, "within the window, events wait");
  await sleep(60);
  assert.equal(frames.length, 3);
  const a = frames[2]?.[1];
  // Through the wire (JSON) and the SDK's unpacker: the same events, payloads and order.
  const seen: [string, unknown][] = [];
  unpackBatch(JSON.parse(JSON.stringify(a)), (event, data) => seen.push([event, data]));
  assert.deepEqual(seen, [
    ["chat_message_deleted", { messageId: "1" }],
    ["viewer_count_update", { currentViewers: 3 }],
  ]);
  // The frame opened another window, which ended empty: the room is quiet again, and its next event leaves at once.
  b.add("batched:stream:a", "stream_chat_message", { id: "2" });
  assert.equal(frames.length, 4, "a quiet room's next event leaves at once");
  assert.deepEqual(frames[3], ["batched:stream:a", [["stream_chat_message", { id: "2" }]]]);
});

test("flush sends the pending frame at once; a full frame leaves without waiting", () => {
  const frames: BatchEntry[][] = [];
  const b = new StreamBatcher((_room, entries) => frames.push(entries), 60_000);
  b.add("r", "stream_chat_message", 0);
  b.add("r", "stream_chat_message", 1);
  b.flush("r");
  b.flush("r");
  assert.deepEqual(frames, [[["stream_chat_message", 0]], [["stream_chat_message", 1]]]);
  // The second flush found an empty window and closed it: the room is quiet, its next event leaves alone.
  for (let i = 0; i < MAX_BATCH_EVENTS + 2; i++) b.add("r", "stream_chat_message", i);
  assert.equal(frames.length, 4);
  assert.deepEqual(frames[2], [["stream_chat_message", 0]]);
  assert.equal(frames[3]?.length, MAX_BATCH_EVENTS, "a full frame leaves without waiting for the window");
  b.flushAll();
  assert.deepEqual(frames[4], [["stream_chat_message", MAX_BATCH_EVENTS + 1]]);
  b.flushAll();
  assert.equal(frames.length, 5, "an empty window sends nothing");
});

test("the unpacker skips malformed entries and reserved names", () => {
  const seen: string[] = [];
  const n = unpackBatch([["ok", 1], ["connect", {}], ["stream_batch", []], [1, 2], "x", null, ["a", 1, 2], ["ok2", null]], (e) => seen.push(e));
  assert.equal(n, 2);
  assert.deepEqual(seen, ["ok", "ok2"]);
  assert.equal(unpackBatch({ length: 1, 0: ["ok", 1] }, () => assert.fail("not an array")), 0);
});

test("opt-in and room names", () => {
  assert.equal(wantsBatches({ batch: 1 }), true);
  assert.equal(wantsBatches({ batch: "1" }), true);
  assert.equal(wantsBatches({ batch: 0 }), false);
  assert.equal(wantsBatches(undefined), false);
  assert.equal(batchedTwin("stream:abc"), "batched:stream:abc");
  assert.equal(batchedTwin("user:abc"), null);
  assert.equal(inStreamRoom(new Set(["batched:stream:abc"]), "abc"), true);
  assert.equal(inStreamRoom(new Set(["stream:abc"]), "abc"), true);
  assert.equal(inStreamRoom(new Set(["user:abc"]), "abc"), false);
});

test("a frame that was slow to send stretches the room's next window (twice its cost, up to the cap); a cheap one keeps the base window", (t) => {
  t.mock.timers.enable({ apis: ["setTimeout"] });
  let now = 0;
  let cost = 30;
  const frames: BatchEntry[][] = [];
  // Each frame takes `cost` ms to hand to the connections, on a clock the test moves.
  const b = new StreamBatcher((_room, entries) => {
    frames.push(entries);
    now += cost;
  }, 5, 200, () => now);
  b.add("r", "stream_chat_message", 0); // leaves at once and took 30 ms: the next window is 60 ms
  cost = 0;
  b.add("r", "stream_chat_message", 1);
  b.add("r", "stream_chat_message", 2);
  t.mock.timers.tick(59);
  assert.equal(frames.length, 1, "the window did not end after the base 5 ms: it grew with the frame's cost");
  t.mock.timers.tick(1);
  assert.deepEqual(frames[1], [["stream_chat_message", 1], ["stream_chat_message", 2]], "what came meanwhile left as one frame, after 60 ms");
  // That frame was cheap: the window after it is the base 5 ms again.
  b.add("r", "stream_chat_message", 3);
  t.mock.timers.tick(4);
  assert.equal(frames.length, 2);
  t.mock.timers.tick(1);
  assert.deepEqual(frames[2], [["stream_chat_message", 3]], "a cheap frame's next window is the base one");
  t.mock.timers.tick(5); // that window ends empty: the room is quiet

  // The cap: a frame of 150 ms would ask for a 300 ms window; it gets 200 ms.
  cost = 150;
  b.add("r", "stream_chat_message", 4);
  assert.equal(frames.length, 4, "a quiet room's event leaves at once");
  cost = 0;
  b.add("r", "stream_chat_message", 5);
  t.mock.timers.tick(199);
  assert.equal(frames.length, 4);
  t.mock.timers.tick(1);
  assert.deepEqual(frames[4], [["stream_chat_message", 5]], "the window was capped at 200 ms");
});
