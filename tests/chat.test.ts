import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { call, newUser, type TestUser } from "./support/http";
import { act, createStream, type Ok } from "./support/streams";
import { ack, closeAll, collect, connect, connected, next, sleep, until } from "./support/sockets";

after(closeAll);

type Msg = { id: string; streamId: string; sender: { id: string; username: string }; message: string; mentions: string[]; reactions: Record<string, number>; createdAt: string };
type Joined = { stream: { id: string }; history: Msg[]; nextBefore: string | null; currentViewers: number };

async function liveStream(body: Record<string, unknown> = {}) {
  const host = await newUser("ch");
  const s = await createStream(host, body);
  await act(host, s.streamId, "start");
  return { host, streamId: s.streamId };
}

async function joined(user: TestUser | null, streamId: string, viewerKey?: string) {
  const s = await connected(connect({ token: user?.token }));
  const res = await ack<Joined>(s, "join_stream", { streamId, ...(viewerKey ? { viewerKey } : {}) });
  assert.equal(res.success, true, JSON.stringify(res.error));
  return { socket: s, data: res.data as Joined };
}

describe("join_stream and chat delivery", () => {
  test("anonymous visitors join public streams and read chat; sending needs an account", async () => {
    const { streamId } = await liveStream();
    const { socket, data } = await joined(null, streamId);
    assert.equal(data.stream.id, streamId);
    assert.deepEqual(data.history, []);
    const res = await ack(socket, "stream_chat_message", { streamId, message: "hi" });
    assert.deepEqual([res.success, res.error?.code], [false, "UNAUTHENTICATED"]);
    assert.equal(socket.connected, true);
  });

  test("private audiences refuse to join with a code", async () => {
    const { streamId } = await liveStream({ streamType: "followers_only" });
    const stranger = await newUser("st");
    const s = await connected(connect({ token: stranger.token }));
    const res = await ack(s, "join_stream", { streamId });
    assert.deepEqual([res.success, res.error?.code], [false, "FOLLOWERS_ONLY"]);
  });

  test("messages reach their own stream's room only, in order, with sender.username", async () => {
    const a = await liveStream();
    const b = await liveStream();
    const alice = await newUser("alice");
    const inA = await joined(alice, a.streamId);
    const watcherA = await joined(null, a.streamId);
    const watcherB = await joined(null, b.streamId);
    const gotA = collect<Msg>(watcherA.socket, "stream_chat_message");
    const gotB = collect<Msg>(watcherB.socket, "stream_chat_message");
    for (let i = 0; i < 20; i++) inA.socket.emit("stream_chat_message", { streamId: a.streamId, message: `m${i}` });
    assert.ok(await until(() => gotA.length === 20), `received ${gotA.length}`);
    await sleep(200);
    assert.deepEqual(gotA.map((m) => m.message), Array.from({ length: 20 }, (_, i) => `m${i}`));
    assert.equal(gotA[0]?.sender.username, alice.username);
    assert.equal(gotB.length, 0);
  });

  test("text is kept as text, mentions are parsed, 500 characters is the limit", async () => {
    const { streamId } = await liveStream();
    const u = await newUser("tx");
    const { socket } = await joined(u, streamId);
    const res = await ack<Msg>(socket, "stream_chat_message", { streamId, message: "<img src=x onerror=alert(1)> hi @Someone_1" });
    assert.equal(res.data?.message, "<img src=x onerror=alert(1)> hi @Someone_1");
    assert.deepEqual(res.data?.mentions, ["someone_1"]);
    assert.equal((await ack(socket, "stream_chat_message", { streamId, message: "x".repeat(500) })).success, true);
    const long = await ack(socket, "stream_chat_message", { streamId, message: "x".repeat(501) });
    assert.deepEqual([long.success, long.error?.code], [false, "VALIDATION_ERROR"]);
    const blank = await ack(socket, "stream_chat_message", { streamId, message: " \n\t " });
    assert.equal(blank.error?.code, "VALIDATION_ERROR");
  });

  test("bad payloads get a code in the ack (or a stream_error without one), never a disconnect", async () => {
    const u = await newUser("bad");
    const s = await connected(connect({ token: u.token }));
    for (const payload of [undefined, null, "text", 42, [], { streamId: "nope", message: "x" }, { message: "x" }, { streamId: "0123456789abcdef01234567", message: 5 }, { streamId: "0123456789abcdef01234567", message: "x", extra: 1 }]) {
      const res = await ack(s, "stream_chat_message", payload);
      assert.deepEqual([res.success, res.error?.code], [false, "VALIDATION_ERROR"], JSON.stringify(payload));
    }
    const unknown = await ack(s, "stream_chat_message", { streamId: "0123456789abcdef01234567", message: "x" });
    assert.equal(unknown.error?.code, "NOT_FOUND");
    assert.equal((await ack(s, "no_such_event", {})).error?.code, "NOT_FOUND");
    const errEvent = next<{ code: string; event: string }>(s, "stream_error");
    s.emit("join_stream", { streamId: 12 });
    assert.deepEqual(await errEvent.then((e) => [e.event, e.code]), ["join_stream", "VALIDATION_ERROR"]);
    assert.equal(s.connected, true);
  });

  test("ended streams refuse new messages", async () => {
    const { host, streamId } = await liveStream();
    const u = await newUser("late");
    const { socket } = await joined(u, streamId);
    const ended = next<{ streamId: string }>(socket, "stream_ended");
    await act(host, streamId, "end");
    assert.equal((await ended).streamId, streamId);
    await sleep(2100); // the per-process stream cache lives two seconds
    const res = await ack(socket, "stream_chat_message", { streamId, message: "too late" });
    assert.equal(res.error?.code, "STREAM_ENDED");
  });
});

describe("persistence and history", () => {
  test("messages persist and page backwards by cursor; joining replays the recent ones", async () => {
    const { streamId } = await liveStream();
    const u = await newUser("hist");
    const { socket } = await joined(u, streamId);
    for (let i = 0; i < 30; i++) assert.equal((await ack(socket, "stream_chat_message", { streamId, message: `h${i}` })).success, true);
    const p1 = await call<Ok<{ messages: Msg[]; nextBefore: string | null }>>("GET", `/api/livestream/${streamId}/chat?limit=10`);
    assert.deepEqual(p1.body.data.messages.map((m) => m.message), Array.from({ length: 10 }, (_, i) => `h${20 + i}`));
    const p2 = await call<Ok<{ messages: Msg[]; nextBefore: string | null }>>("GET", `/api/livestream/${streamId}/chat?limit=10&before=${p1.body.data.nextBefore}`);
    assert.deepEqual(p2.body.data.messages.map((m) => m.message), Array.from({ length: 10 }, (_, i) => `h${10 + i}`));
    const p3 = await call<Ok<{ messages: Msg[]; nextBefore: string | null }>>("GET", `/api/livestream/${streamId}/chat?limit=10&before=${p2.body.data.nextBefore}`);
    assert.equal(p3.body.data.messages[0]?.message, "h0");
    assert.equal(p3.body.data.nextBefore, null);
    const late = await joined(null, streamId);
    assert.equal(late.data.history.length, 30);
    assert.equal(late.data.history.at(-1)?.message, "h29");
    assert.equal((await call("GET", `/api/livestream/${streamId}/chat?limit=0`)).status, 400);
    assert.equal((await call("GET", `/api/livestream/${streamId}/chat?before=zzz`)).status, 400);
  });

  test("REST and socket sends are one rule: the REST message reaches socket listeners", async () => {
    const { streamId } = await liveStream();
    const u = await newUser("rest");
    const { socket } = await joined(null, streamId);
    const got = next<Msg>(socket, "stream_chat_message");
    const res = await call<Ok<Msg>>("POST", `/api/livestream/${streamId}/chat`, { token: u.token, json: { message: "from REST" } });
    assert.equal(res.status, 201);
    assert.equal((await got).message, "from REST");
    assert.equal((await call("POST", `/api/livestream/${streamId}/chat`, { json: { message: "anon" } })).status, 401);
  });

  test("the per-user rate limit answers with a code and keeps the connection", async () => {
    const { streamId } = await liveStream();
    const u = await newUser("spam");
    const { socket } = await joined(u, streamId);
    const results = [];
    for (let i = 0; i < 31; i++) results.push(await ack(socket, "stream_chat_message", { streamId, message: `s${i}` }));
    assert.equal(results.slice(0, 30).every((r) => r.success), true);
    assert.deepEqual([results[30]?.success, results[30]?.error?.code], [false, "RATE_LIMITED"]);
    assert.equal(socket.connected, true);
  });
});

describe("deletes, reactions and typing", () => {
  test("the sender or the host deletes a message; others cannot", async () => {
    const { host, streamId } = await liveStream();
    const alice = await newUser("al");
    const bob = await newUser("bo");
    const a = await joined(alice, streamId);
    const b = await joined(bob, streamId);
    const m1 = (await ack<Msg>(a.socket, "stream_chat_message", { streamId, message: "oops" })).data as Msg;
    const m2 = (await ack<Msg>(a.socket, "stream_chat_message", { streamId, message: "rude" })).data as Msg;
    const denied = await ack(b.socket, "delete_chat_message", { streamId, messageId: m1.id });
    assert.deepEqual([denied.success, denied.error?.code], [false, "FORBIDDEN"]);
    const deleted = next<{ messageId: string }>(b.socket, "chat_message_deleted");
    assert.equal((await ack(a.socket, "delete_chat_message", { streamId, messageId: m1.id })).success, true);
    assert.equal((await deleted).messageId, m1.id);
    const byHost = await call("DELETE", `/api/livestream/${streamId}/chat/${m2.id}`, { token: host.token });
    assert.equal(byHost.status, 200);
    const history = await call<Ok<{ messages: Msg[] }>>("GET", `/api/livestream/${streamId}/chat`);
    assert.deepEqual(history.body.data.messages.map((m) => m.id), []);
  });

  test("message reactions count once per user and emoji, live", async () => {
    const { streamId } = await liveStream();
    const alice = await newUser("al");
    const bob = await newUser("bo");
    const a = await joined(alice, streamId);
    const b = await joined(bob, streamId);
    const m = (await ack<Msg>(a.socket, "stream_chat_message", { streamId, message: "react to me" })).data as Msg;
    const update = next<{ messageId: string; reactions: Record<string, number> }>(a.socket, "chat_message_reaction", 5000, (u) => u.reactions["🔥"] === 2);
    await ack(a.socket, "chat_message_reaction", { streamId, messageId: m.id, emoji: "🔥" });
    await ack(b.socket, "chat_message_reaction", { streamId, messageId: m.id, emoji: "🔥" });
    const again = await ack<{ reactions: Record<string, number> }>(b.socket, "chat_message_reaction", { streamId, messageId: m.id, emoji: "🔥" });
    assert.equal(again.data?.reactions["🔥"], 2);
    assert.equal((await update).messageId, m.id);
    assert.equal((await ack(b.socket, "chat_message_reaction", { streamId, messageId: m.id, emoji: "🍕" })).error?.code, "VALIDATION_ERROR");
  });

  test("reaction bursts are coalesced into a few aggregate events that add up", async () => {
    const { streamId } = await liveStream();
    const users = [await newUser("r1"), await newUser("r2")];
    const senders = await Promise.all(users.map((u) => joined(u, streamId)));
    const viewer = await joined(null, streamId);
    const events = collect<{ count: number; reactions: Record<string, number>; emoji: string; username: string }>(viewer.socket, "stream_reaction");
    for (let i = 0; i < 10; i++) for (const s of senders) s.socket.emit("stream_reaction", { streamId, emoji: i % 2 ? "❤️" : "🔥" });
    assert.ok(await until(() => events.reduce((n, e) => n + e.count, 0) === 20, 5000), `got ${events.reduce((n, e) => n + e.count, 0)}`);
    assert.ok(events.length <= 5, `${events.length} events for 20 reactions`);
    const total = (k: string) => events.reduce((n, e) => n + (e.reactions[k] ?? 0), 0);
    assert.deepEqual([total("🔥"), total("❤️")], [10, 10]);
    assert.ok(events[0]?.emoji && events[0]?.username);
    const anon = await ack(viewer.socket, "stream_reaction", { streamId, emoji: "🔥" });
    assert.equal(anon.error?.code, "UNAUTHENTICATED");
  });

  test("typing reaches the others, not the sender, and is throttled", async () => {
    const { streamId } = await liveStream();
    const alice = await newUser("ty");
    const a = await joined(alice, streamId);
    const b = await joined(null, streamId);
    const seenByA = collect(a.socket, "stream_chat_typing");
    const seenByB = collect<{ user: { username: string }; isTyping: boolean }>(b.socket, "stream_chat_typing");
    assert.equal((await ack<{ sent: boolean }>(a.socket, "stream_chat_typing", { streamId })).data?.sent, true);
    assert.equal((await ack<{ sent: boolean }>(a.socket, "stream_chat_typing", { streamId })).data?.sent, false);
    assert.ok(await until(() => seenByB.length === 1));
    assert.equal(seenByB[0]?.user.username, alice.username);
    await sleep(200);
    assert.equal(seenByA.length, 0);
  });

  test("a connection that signs in after connecting does not get its own typing back either", async () => {
    // The sender is left out by the room named after its socket, which an anonymous connection is in too.
    const { streamId } = await liveStream();
    const bob = await newUser("ty2");
    const late = await connected(connect());
    assert.equal((await ack(late, "authenticate", { token: bob.token })).success, true);
    assert.equal((await ack(late, "join_stream", { streamId })).success, true);
    const other = await joined(null, streamId);
    const seenByLate = collect(late, "stream_chat_typing");
    const seenByOther = collect<{ user: { username: string } }>(other.socket, "stream_chat_typing");
    assert.equal((await ack<{ sent: boolean }>(late, "stream_chat_typing", { streamId })).data?.sent, true);
    assert.ok(await until(() => seenByOther.length === 1));
    assert.equal(seenByOther[0]?.user.username, bob.username);
    await sleep(200);
    assert.equal(seenByLate.length, 0);
  });

  test("create_stream answers with the spec's shape and emits stream_created to the creator", async () => {
    const u = await newUser("cs");
    const s = await connected(connect({ token: u.token }));
    const created = next<{ streamId: string }>(s, "stream_created");
    const res = await ack<{ streamId: string; streamKey: string; roomId: string; urls: Record<string, string> }>(s, "create_stream", { title: "From socket", category: "gaming", features: { chatEnabled: true } });
    assert.equal(res.success, true);
    assert.match(res.data?.streamKey ?? "", /^live_/);
    assert.equal((await created).streamId, res.data?.streamId);
    const anon = await connected(connect());
    assert.equal((await ack(anon, "create_stream", { title: "x", category: "gaming" })).error?.code, "UNAUTHENTICATED");
  });
});
