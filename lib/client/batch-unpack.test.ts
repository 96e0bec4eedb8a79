import { test } from "node:test";
import assert from "node:assert/strict";
import { MAX_BATCH_EVENTS, StreamBatcher, batchedTwin, inStreamRoom, wantsBatches, type BatchEntry } from "@/lib/realtime/stream-batches";
import { unpackBatch } from "@/lib/client/batch-unpack";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test("a room's events within one window leave as one frame, in order, and unpack to the same events", async () => {
  const frames: [string, BatchEntry[]][] = [];
  const b = new StreamBatcher((room, entries) => frames.push([room, entries]), 20);
  b.add("batched:stream:a", "stream_chat_message", { id: "1" });
  b.add("batched:stream:b", "stream_chat_message", { id: "x" });
  b.add("batched:stream:a", "chat_message_deleted", { messageId: "1" });
  b.add("batched:stream:a", "viewer_count_update", { currentViewers: 3 });
  assert.equal(frames.length, 0, "nothing leaves before the window ends");
  await sleep(60);
  assert.deepEqual(frames.map(([room]) => room).sort(), ["batched:stream:a", "batched:stream:b"]);
  const a = frames.find(([room]) => room === "batched:stream:a")?.[1];
  // Through the wire (JSON) and the SDK's unpacker: the same events, payloads and order.
  const seen: [string, unknown][] = [];
  unpackBatch(JSON.parse(JSON.stringify(a)), (event, data) => seen.push([event, data]));
  assert.deepEqual(seen, [
    ["stream_chat_message", { id: "1" }],
    ["chat_message_deleted", { messageId: "1" }],
    ["viewer_count_update", { currentViewers: 3 }],
  ]);
  b.add("batched:stream:a", "stream_chat_message", { id: "2" });
  await sleep(60);
  assert.equal(frames.length, 3, "the next window is a new frame");
});

test("flush sends the pending frame at once; a full frame leaves without waiting", () => {
  const frames: BatchEntry[][] = [];
  const b = new StreamBatcher((_room, entries) => frames.push(entries), 60_000);
  b.add("r", "stream_chat_message", 1);
  b.flush("r");
  b.flush("r");
  assert.deepEqual(frames, [[["stream_chat_message", 1]]]);
  for (let i = 0; i < MAX_BATCH_EVENTS + 1; i++) b.add("r", "stream_chat_message", i);
  assert.equal(frames.length, 2);
  assert.equal(frames[1]?.length, MAX_BATCH_EVENTS);
  b.flushAll();
  assert.deepEqual(frames[2], [["stream_chat_message", MAX_BATCH_EVENTS]]);
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
