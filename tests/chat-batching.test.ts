import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import type { Socket } from "socket.io-client";
import { EnhancedLiveStreamClient } from "@/lib/client/enhanced-live-stream-client";
import { BASE, newUser } from "./support/http";
import { act, createStream } from "./support/streams";
import { ack, closeAll, connect, connected, until } from "./support/sockets";
import { startApp, type AppProcess } from "../scripts/app-process";
import { freePort } from "../scripts/services/process";

/**
 * Coalesced delivery (lib/realtime/stream-batches.ts): the SDK opts in and receives a stream's busy events
 * as frames it unpacks; a plain Socket.IO client written to the spec receives each event alone. Both must
 * see the same events in the same order, on the process that published them and on another one (Redis).
 */
let second: AppProcess | undefined;
const sdks: EnhancedLiveStreamClient[] = [];

before(async () => {
  const env = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => typeof e[1] === "string"));
  second = await startApp({ env, port: await freePort(), production: true, stdio: "pipe" });
});

after(async () => {
  for (const c of sdks) c.disconnect();
  closeAll();
  await second?.stop();
});

/** The events compared, each reduced to what tells it apart. */
const WATCHED: Record<string, (d: Record<string, unknown>) => string> = {
  stream_chat_message: (d) => `msg ${String(d.message)}`,
  stream_reaction: (d) => `reaction ${JSON.stringify(d.reactions)}`,
  chat_message_deleted: (d) => `deleted ${String(d.messageId)}`,
  chat_cleared: () => "cleared",
};

/** A plain client: socket.io-client as the spec describes it, no opt-in. */
async function plainViewer(url: string, streamId: string) {
  const s = await connected(connect({ url }));
  const seen: string[] = [];
  for (const [event, key] of Object.entries(WATCHED)) s.on(event, (d: Record<string, unknown>) => seen.push(key(d)));
  const frames: string[] = [];
  s.on("stream_batch", () => frames.push("frame"));
  assert.equal((await ack(s, "join_stream", { streamId })).success, true);
  return { seen, frames };
}

/** The SDK (opts in by default), with what its socket carried on the wire. */
async function sdkViewer(url: string, streamId: string) {
  const fan = await newUser("bsdk");
  const c = new EnhancedLiveStreamClient({ serverUrl: url, token: fan.token });
  sdks.push(c);
  const seen: string[] = [];
  for (const [event, key] of Object.entries(WATCHED)) c.on(event, (d: unknown) => seen.push(key(d as Record<string, unknown>)));
  await c.connect();
  const wire: string[] = [];
  // Socket.IO packets as they came off the engine: `2["event",...]` is one event.
  (c.socket as Socket).io.engine.on("message", (m: unknown) => wire.push(String(m)));
  await c.joinStream(streamId);
  return { client: c, seen, wire };
}

async function liveStream() {
  const host = await newUser("bh");
  const s = await createStream(host);
  await act(host, s.streamId, "start");
  const sender = await connected(connect({ token: host.token }));
  assert.equal((await ack(sender, "join_stream", { streamId: s.streamId })).success, true);
  return { host, streamId: s.streamId, sender };
}

async function say(sender: Socket, streamId: string, message: string): Promise<string> {
  const r = await ack<{ id: string }>(sender, "stream_chat_message", { streamId, message });
  assert.equal(r.success, true, JSON.stringify(r.error));
  return r.data?.id ?? "";
}

test("the SDK gets frames and unpacks them into the plain client's events, in the same order", { timeout: 30_000 }, async () => {
  const { streamId, sender } = await liveStream();
  const plain = await plainViewer(BASE, streamId);
  const sdk = await sdkViewer(BASE, streamId);

  const ids: string[] = [];
  // Sent back to back, so several share a window.
  for (let i = 0; i < 10; i++) ids.push(await say(sender, streamId, `m${i}`));
  assert.equal((await sdk.client.sendReaction("🔥")).queued, true);
  // A delete right after its message: it must never overtake it.
  const doomed = await say(sender, streamId, "doomed");
  assert.equal((await ack(sender, "delete_chat_message", { streamId, messageId: doomed })).success, true);
  assert.equal((await ack(sender, "delete_chat_message", { streamId, messageId: ids[3] })).success, true);
  await say(sender, streamId, "last");

  const expected = [...ids.map((_, i) => `msg m${i}`), "msg doomed", `deleted ${doomed}`, `deleted ${ids[3]}`, "msg last"];
  const done = (seen: string[]) => seen.length >= expected.length + 1;
  assert.ok(await until(() => done(plain.seen) && done(sdk.seen), 8000), `plain ${JSON.stringify(plain.seen)} sdk ${JSON.stringify(sdk.seen)}`);
  assert.deepEqual(sdk.seen, plain.seen, "the same events in the same order");
  // The reaction aggregate comes after its window; everything else in publish order.
  assert.deepEqual(plain.seen.filter((e) => !e.startsWith("reaction")), expected);
  assert.deepEqual(plain.seen.filter((e) => e.startsWith("reaction")), ['reaction {"🔥":1}']);

  // On the wire: the plain client got each message alone and no frame; the SDK only frames, fewer than events.
  assert.equal(plain.frames.length, 0);
  const sdkFrames = sdk.wire.filter((m) => m.startsWith('2["stream_batch"'));
  assert.equal(sdk.wire.filter((m) => m.startsWith('2["stream_chat_message"')).length, 0, "no message reaches the SDK alone");
  assert.ok(sdkFrames.length >= 1 && sdkFrames.length < expected.length, `${sdkFrames.length} frames for ${expected.length} events`);
});

test("frames built on one app process reach batched viewers on another (Redis), in order with a clear", { timeout: 30_000 }, async () => {
  const { streamId, sender } = await liveStream();
  const url = second?.url ?? "";
  const plainRemote = await plainViewer(url, streamId);
  const sdkRemote = await sdkViewer(url, streamId);
  const sdkLocal = await sdkViewer(BASE, streamId);

  for (let i = 0; i < 8; i++) await say(sender, streamId, `x${i}`);
  assert.equal((await ack(sender, "clear_chat", { streamId })).success, true);
  await say(sender, streamId, "after clear");

  const expected = [...Array.from({ length: 8 }, (_, i) => `msg x${i}`), "cleared", "msg after clear"];
  for (const [name, v] of [["plain on the other process", plainRemote], ["SDK on the other process", sdkRemote], ["SDK on the sender's process", sdkLocal]] as const) {
    assert.ok(await until(() => v.seen.length >= expected.length, 8000), `${name}: ${JSON.stringify(v.seen)}`);
    assert.deepEqual(v.seen, expected, name);
  }
  assert.ok(sdkRemote.wire.some((m) => m.startsWith('2["stream_batch"')), "the remote SDK got frames");
  assert.equal(sdkRemote.wire.filter((m) => m.startsWith('2["stream_chat_message"')).length, 0);
});
