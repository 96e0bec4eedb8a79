import { after, test } from "node:test";
import assert from "node:assert/strict";
import { checkWebRTCSupport, EnhancedLiveStreamClient, formatDuration, formatViewerCount, LiveStreamError, type ChatMessage } from "@/lib/client/enhanced-live-stream-client";
import { BASE, newUser } from "./support/http";
import { until } from "./support/sockets";

const clients: EnhancedLiveStreamClient[] = [];
after(() => clients.forEach((c) => c.disconnect()));

function client(token?: string, debug = false) {
  const c = new EnhancedLiveStreamClient({ serverUrl: BASE, token, debug, viewerKey: `sdk-${Math.random().toString(36).slice(2, 12)}` });
  clients.push(c);
  return c;
}

test("the SDK creates, starts, joins, chats, reacts and ends a stream with the spec's API", async () => {
  const host = await newUser("sdkh");
  const fan = await newUser("sdkf");
  const h = client(host.token);
  const v = client(fan.token, true);
  await h.connect();
  await v.connect();

  const created = await h.createStream({ title: "SDK stream", category: "technology", features: { chatEnabled: true } });
  assert.match(created.streamKey, /^live_/);
  await h.startStream(created.streamId);

  const seen: string[] = [];
  v.on("*", (event) => seen.push(String(event)));
  const messages: string[] = [];
  v.on("stream_chat_message", (m) => messages.push((m as { message: string }).message));
  const joined = await v.joinStream(created.streamId);
  assert.equal(joined.stream.id, created.streamId);
  await h.joinStream(created.streamId);
  await h.sendChatMessage("welcome!");
  assert.ok(await until(() => messages.includes("welcome!")));
  await v.sendReaction("🔥");
  assert.ok(await until(() => seen.includes("stream_reaction"), 3000), "'*' sees every event in debug mode");
  const history = await v.getChatHistory({ limit: 10 });
  assert.deepEqual(history.messages.map((m) => m.message), ["welcome!"]);

  const ended = new Promise((r) => v.on("stream_ended", r));
  await h.endStream(created.streamId);
  await ended;
});

test("the spec's example flow: connected, createStream, startStream, then chat and react as the host without joinStream", async () => {
  const host = await newUser("sdkx");
  const fan = await newUser("sdky");
  const streamClient = new EnhancedLiveStreamClient({ serverUrl: BASE, token: host.token });
  clients.push(streamClient);
  let connected = 0;
  streamClient.on("connected", () => connected++);
  const chat: ChatMessage[] = [];
  streamClient.on("stream_chat_message", (data) => chat.push(data));
  const viewers: number[] = [];
  streamClient.on("viewer_count_update", (data) => viewers.push(data.currentViewers));
  const lifecycle: string[] = [];
  streamClient.on("stream_created", (data) => lifecycle.push(`created ${data.stream.title}`));
  streamClient.on("stream_started", (data) => lifecycle.push(`started ${data.status}`));
  void streamClient.connect();
  assert.ok(await until(() => connected === 1), "'connected' fires on connect");

  const streamData = await streamClient.createStream({ title: "My Live Stream", description: "Welcome to my stream!", category: "entertainment" });
  assert.equal(streamData.stream.title, "My Live Stream");
  assert.equal(streamData.stream.category, "entertainment");
  await streamClient.startStream(streamData.streamId);
  assert.ok(await until(() => lifecycle.includes("created My Live Stream") && lifecycle.includes("started live")), "stream_created and stream_started reach the host");

  const sent = await streamClient.sendChatMessage("hello from the host");
  assert.equal(sent.streamId, streamData.streamId);
  assert.deepEqual(await streamClient.sendReaction("❤️"), { queued: true });
  assert.ok(await until(() => chat.some((m) => m.message === "hello from the host" && m.sender.username === host.username)), "the host hears its own stream's chat");

  assert.ok(!viewers.some((n) => n >= 1), "the host is not counted as a viewer");
  const viewer = client(fan.token);
  await viewer.joinStream(streamData.streamId);
  assert.ok(await until(() => viewers.some((n) => n >= 1)), "the host hears viewer_count_update");

  streamClient.socket?.io.engine.close();
  assert.ok(await until(() => connected === 2, 10_000), "'connected' fires again on reconnect");
  await streamClient.endStream(streamData.streamId);
});

test("SDK errors carry the server's code", async () => {
  const anon = client();
  await anon.connect();
  await assert.rejects(anon.createStream({ title: "x", category: "gaming" }), (e: unknown) => e instanceof LiveStreamError && e.code === "UNAUTHENTICATED");
  await assert.rejects(anon.sendChatMessage("hi"), (e: unknown) => e instanceof LiveStreamError && e.code === "NOT_JOINED");
  const bad = new EnhancedLiveStreamClient({ serverUrl: BASE, token: "forged" });
  await assert.rejects(bad.connect(), (e: unknown) => e instanceof LiveStreamError && e.code === "INVALID_TOKEN");
});

test("SDK utilities", () => {
  assert.equal(formatViewerCount(1234), "1.2K");
  assert.equal(formatDuration(3661), "1:01:01");
  assert.equal(checkWebRTCSupport().isSupported, false, "Node has no WebRTC");
});

test("the spec's moderation example: updateStreamSettings({ moderation }), ban_user, add_moderator, delete_chat_message", async () => {
  const host = await newUser("sdkm");
  const [fan, helper] = await Promise.all([newUser("sdkn"), newUser("sdko")]);
  const h = client(host.token);
  const v = client(fan.token);
  await h.connect();
  await v.connect();
  const { streamId } = await h.createStream({ title: "Moderated", category: "technology" });
  await h.startStream(streamId);
  const moderationSettings = { autoModeration: true, bannedWords: ["spam", "inappropriate"], slowMode: 5, followersOnly: false, subscribersOnly: false };
  await h.updateStreamSettings(streamId, { moderation: moderationSettings });
  await v.joinStream(streamId);
  await assert.rejects(v.sendChatMessage("so much SPAM"), (e: LiveStreamError) => e.code === "BLOCKED_TERM");
  const line = await v.sendChatMessage("hello");
  await assert.rejects(v.sendChatMessage("hello again"), (e: LiveStreamError) => e.code === "SLOW_MODE");
  assert.deepEqual(await h.addModerator(helper.id), { moderator: true, userId: helper.id, level: "moderator" });
  assert.deepEqual(await h.deleteChatMessage(line.id), { deleted: true, messageId: line.id });
  const banned = new Promise((r) => v.on("banned", r));
  assert.equal((await h.banUser(fan.id, { reason: "Inappropriate behavior" })).banned, true);
  await banned;
  await assert.rejects(v.sendChatMessage("let me in"), (e: LiveStreamError) => e.code === "BANNED");
});

test("the spec's money examples: sendDonation and subscribeToStreamer answer with a Checkout page; bad amounts carry the code", async () => {
  const host = await newUser("sdkm");
  const fan = await newUser("sdkp");
  const h = client(host.token);
  const v = client(fan.token);
  await h.connect();
  await v.connect();
  const created = await h.createStream({ title: "SDK money", category: "technology", features: { donationsEnabled: true } });
  await h.startStream(created.streamId);
  const tip = await v.sendDonation(created.streamId, 5, "Great stream!", "USD");
  assert.match(tip.checkoutUrl, /^https:\/\//);
  assert.match(tip.sessionId, /^cs_/);
  const sub = await v.subscribeToStreamer(host.id, "premium");
  assert.match(sub.checkoutUrl, /^https:\/\//);
  await assert.rejects(v.sendDonation(created.streamId, 0.001, "", "USD"), (e) => e instanceof LiveStreamError && e.status !== undefined && e.status >= 400 && e.status < 500 && Boolean(e.code));
  await assert.rejects(h.sendDonation(created.streamId, 5), (e) => e instanceof LiveStreamError && Boolean(e.code), "no tipping oneself");
  await h.endStream(created.streamId);
});
