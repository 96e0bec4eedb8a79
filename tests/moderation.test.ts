import { after, test } from "node:test";
import assert from "node:assert/strict";
import { call, newUser, type TestUser } from "./support/http";
import { act, createStream, type Err } from "./support/streams";
import { ack, closeAll, collect, connect, connected, next, sleep, until } from "./support/sockets";

/** Moderation as moderators and viewers meet it: over REST and sockets, on the real server. */
after(() => closeAll());

const code = (r: { status: number; body: unknown }) => (r.status < 300 ? "ok" : ((r.body as Err).error?.code ?? String(r.status)));
type Msg = { id: string; message: string; sender: { id: string } };

async function liveStream(prefix: string) {
  const host = await newUser(prefix);
  const s = await createStream(host);
  await act(host, s.streamId, "start");
  const path = (p = "") => `/api/livestream/${s.streamId}${p}`;
  return { host, id: s.streamId, path };
}

const say = (u: TestUser, path: string, message: string) => call<{ data: Msg } & Err>("POST", path, { token: u.token, json: { message } });

async function joined(u: TestUser | null, streamId: string) {
  const sock = await connected(connect(u ? { token: u.token } : {}));
  const j = await ack<{ access: { role: string; permissions: Record<string, boolean>; timeoutUntil: string | null }; chatSettings: Record<string, unknown>; history: Msg[] }>(sock, "join_stream", { streamId });
  assert.ok(j.success, JSON.stringify(j.error));
  return { sock, join: j.data! };
}

test("a moderator's ban removes the user from the room at once, clears their lines and outlives the stream", async () => {
  const { host, id, path } = await liveStream("bh");
  const [mod, viewer, bystander] = await Promise.all([newUser("bm"), newUser("bv"), newUser("bb")]);
  await call("POST", path("/moderators"), { token: host.token, json: { userId: mod.id } });
  const v = await joined(viewer, id);
  const b = await joined(bystander, id);
  const m = await connected(connect({ token: mod.token }));
  await ack(m, "join_stream", { streamId: id });
  const line = await say(viewer, path("/chat"), "buy cheap followers at my site");
  assert.equal(line.status, 201);

  const bannedNotice = next<{ streamId: string; reason: string }>(v.sock, "banned");
  const roomEvent = next<{ user: { id: string }; reason: string; by: string }>(b.sock, "user_banned");
  const cleared = next<{ userId: string }>(b.sock, "chat_user_messages_cleared");
  const t0 = Date.now();
  const res = await ack<{ banned: boolean; expiresAt: string | null }>(m, "ban_user", { streamId: id, userId: viewer.id, reason: "Inappropriate behavior" });
  assert.ok(res.success, JSON.stringify(res.error));
  assert.deepEqual(res.data, { banned: true, userId: viewer.id, expiresAt: null });
  assert.equal((await bannedNotice).reason, "Inappropriate behavior");
  assert.equal((await roomEvent).user.id, viewer.id);
  assert.equal((await roomEvent).by, mod.username);
  assert.equal((await cleared).userId, viewer.id);
  assert.ok(Date.now() - t0 < 1000, `ban took ${Date.now() - t0} ms to reach everyone`);

  // Out of the room: the bystander's next message no longer reaches the banned socket.
  const heard = collect<Msg>(v.sock, "stream_chat_message");
  assert.equal((await say(bystander, path("/chat"), "still here")).status, 201);
  await sleep(300);
  assert.equal(heard.length, 0);
  assert.equal(code(await say(viewer, path("/chat"), "let me back")), "BANNED");
  const rejoin = await ack(v.sock, "join_stream", { streamId: id });
  assert.equal(rejoin.error?.code, "BANNED");
  assert.equal(code(await call("POST", path("/token"), { token: viewer.token })), "BANNED");
  // Their line is gone from history for everyone.
  const hist = await call<{ data: { messages: Msg[] } }>("GET", path("/chat"));
  assert.ok(!hist.body.data.messages.some((x) => x.id === line.body.data.id));

  // The ban belongs to the channel: the host's next stream keeps it.
  await act(host, id, "end");
  const next2 = await createStream(host);
  await act(host, next2.streamId, "start");
  assert.equal(code(await call("POST", `/api/livestream/${next2.streamId}/token`, { token: viewer.token })), "BANNED");
  const list = await call<{ data: { bans: { user: { id: string }; reason: string }[] } }>("GET", `/api/livestream/${next2.streamId}/bans`, { token: mod.token });
  assert.equal(list.body.data.bans.find((x) => x.user.id === viewer.id)?.reason, "Inappropriate behavior");
  // Lifted: watching and chatting again.
  assert.equal(code(await call("DELETE", `/api/livestream/${next2.streamId}/bans/${viewer.id}`, { token: mod.token })), "ok");
  assert.equal(code(await call("POST", `/api/livestream/${next2.streamId}/token`, { token: viewer.token })), "ok");
});

test("a timeout keeps the user watching but silent, tells them until when, and can be lifted", async () => {
  const { host, id, path } = await liveStream("th");
  const viewer = await newUser("tv");
  const v = await joined(viewer, id);
  const notice = next<{ until: string }>(v.sock, "timed_out");
  const r = await call<{ data: { until: string } }>("POST", path("/timeouts"), { token: host.token, json: { userId: viewer.id, durationSeconds: 300, reason: "calm down" } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const until = (await notice).until;
  assert.equal(until, r.body.data.until);
  assert.ok(Math.abs(Date.parse(until) - Date.now() - 300_000) < 5000);
  const refused = await ack(v.sock, "stream_chat_message", { streamId: id, message: "hello?" });
  assert.equal(refused.error?.code, "TIMED_OUT");
  assert.equal((refused.error?.details as { until: string }).until, until);
  // Still watching: a media token, and a fresh join says until when in its access.
  assert.equal(code(await call("POST", path("/token"), { token: viewer.token })), "ok");
  const again = await joined(viewer, id);
  assert.equal(again.join.access.timeoutUntil, until);
  assert.equal(again.join.access.permissions["chat.send"], false);
  const timeouts = await call<{ data: { timeouts: { user: { id: string }; reason: string }[] } }>("GET", path("/timeouts"), { token: host.token });
  assert.equal(timeouts.body.data.timeouts.find((x) => x.user.id === viewer.id)?.reason, "calm down");
  assert.equal(code(await call("DELETE", path(`/timeouts/${viewer.id}`), { token: host.token })), "ok");
  assert.equal(code(await say(viewer, path("/chat"), "thanks")), "ok");
});

test("slow mode and chat modes are checked on the server; moderators are exempt; viewers hear the modes", async () => {
  const { host, id, path } = await liveStream("sh");
  const [mod, viewer, fan] = await Promise.all([newUser("sm"), newUser("sv"), newUser("sf")]);
  await call("POST", path("/moderators"), { token: host.token, json: { userId: mod.id } });
  const v = await joined(viewer, id);
  assert.deepEqual(v.join.chatSettings, { slowMode: 0, followersOnly: false, followersMinAgeMinutes: 0, subscribersOnly: false, emoteOnly: false, blockLinks: false });
  const m = await connected(connect({ token: mod.token }));
  await ack(m, "join_stream", { streamId: id });

  const heard = next<{ settings: Record<string, unknown> }>(v.sock, "chat_settings_updated");
  assert.ok((await ack(m, "slow_mode", { streamId: id, seconds: 30 })).success);
  const settings = (await heard).settings;
  assert.equal(settings.slowMode, 30);
  assert.ok(!("bannedWords" in settings), "viewers never see the word list");
  assert.equal(code(await say(viewer, path("/chat"), "first")), "ok");
  const slow = await say(viewer, path("/chat"), "second");
  assert.equal(code(slow), "SLOW_MODE");
  const retry = (slow.body.error?.details as unknown as { retryAfterSeconds: number }).retryAfterSeconds;
  assert.ok(retry > 25 && retry <= 30, `retryAfterSeconds ${retry}`);
  assert.equal(code(await say(mod, path("/chat"), "mods are exempt")), "ok");
  assert.equal(code(await say(mod, path("/chat"), "twice")), "ok");

  // Followers-only with a minimum age: a brand-new follow waits; the owner switches it back off.
  assert.ok((await ack(m, "chat_mode", { streamId: id, followersOnly: true, followersMinAgeMinutes: 10, emoteOnly: false })).success);
  assert.ok((await ack(m, "slow_mode", { streamId: id, seconds: 0 })).success);
  assert.equal(code(await say(fan, path("/chat"), "hi")), "FOLLOWERS_ONLY");
  await call("POST", `/api/users/${host.id}/follow`, { token: fan.token });
  const young = await say(fan, path("/chat"), "now?");
  assert.equal(code(young), "FOLLOWERS_ONLY");
  assert.equal((young.body.error?.details as unknown as { minAgeMinutes: number }).minAgeMinutes, 10);
  assert.ok((await ack(m, "chat_mode", { streamId: id, followersMinAgeMinutes: 0 })).success);
  assert.equal(code(await say(fan, path("/chat"), "now")), "ok");
  assert.ok((await ack(m, "chat_mode", { streamId: id, followersOnly: false, subscribersOnly: true })).success);
  assert.equal(code(await say(fan, path("/chat"), "subs?")), "SUBSCRIBERS_ONLY");
  assert.equal(code(await say(mod, path("/chat"), "mods still talk")), "ok");
  // A bad payload is a 4xx with a code, and changes nothing.
  const bad = await ack(m, "slow_mode", { streamId: id, seconds: -1 });
  assert.equal(bad.error?.code, "VALIDATION_ERROR");
  const empty = await ack(m, "chat_mode", { streamId: id });
  assert.equal(empty.error?.code, "VALIDATION_ERROR");
  const now = await call<{ data: { slowMode: number; subscribersOnly: boolean } }>("GET", path("/moderation"), { token: mod.token });
  assert.equal(now.body.data.slowMode, 0);
  assert.equal(now.body.data.subscribersOnly, true);
});

test("settings: the stream PATCH's moderation, the word list for staff only, the log of every action", async () => {
  const { host, path } = await liveStream("ph");
  const [lead, viewer] = await Promise.all([newUser("pl"), newUser("pv")]);
  const patched = await call("PATCH", path(), { token: host.token, json: { moderation: { autoModeration: true, bannedWords: ["spam", "Spam", "inappropriate"], slowMode: 5, followersOnly: false, subscribersOnly: false } } });
  assert.equal(patched.status, 200, JSON.stringify(patched.body));
  const got = await call<{ data: { bannedWords: string[]; slowMode: number } }>("GET", path("/moderation"), { token: host.token });
  assert.deepEqual(got.body.data.bannedWords, ["spam", "inappropriate"], "the same word once");
  assert.equal(got.body.data.slowMode, 5);
  assert.equal(code(await call("GET", path("/moderation"), { token: viewer.token })), "FORBIDDEN");
  assert.equal(code(await call("PATCH", path("/moderation"), { token: host.token, json: { bannedWords: ["x".repeat(61)] } })), "VALIDATION_ERROR");
  assert.equal(code(await call("PATCH", path("/moderation"), { token: host.token, json: {} })), "VALIDATION_ERROR");
  assert.equal(code(await call("PATCH", path("/moderation"), { token: host.token, json: { slowMode: 99999 } })), "VALIDATION_ERROR");

  await call("POST", path("/moderators"), { token: host.token, json: { username: lead.username, level: "lead" } });
  await call("POST", path("/timeouts"), { token: lead.token, json: { userId: viewer.id, durationSeconds: 60, reason: "caps" } });
  await call("PATCH", path("/moderation"), { token: lead.token, json: { blockLinks: true } });
  const log = await call<{ data: { entries: { action: string; actor: { username: string }; target: { id: string } | null; reason: string; createdAt: string }[]; nextBefore: string | null } }>(
    "GET",
    path("/moderation/log?limit=2"),
    { token: lead.token },
  );
  assert.equal(log.status, 200, JSON.stringify(log.body));
  const [newest, second] = log.body.data.entries;
  assert.equal(newest?.action, "update_settings");
  assert.equal(second?.action, "timeout");
  assert.equal(second?.actor.username, lead.username);
  assert.equal(second?.target?.id, viewer.id);
  assert.equal(second?.reason, "caps");
  assert.ok(log.body.data.nextBefore);
  const older = await call<{ data: { entries: { action: string }[] } }>("GET", path(`/moderation/log?before=${log.body.data.nextBefore}`), { token: lead.token });
  assert.deepEqual(older.body.data.entries.map((e) => e.action), ["add_moderator", "update_settings"]);
  assert.equal(code(await call("GET", path("/moderation/log"), { token: viewer.token })), "FORBIDDEN");

  const card = await call<{ data: { role: string; moderatorLevel: string | null; timeout: { reason: string } | null } }>("GET", path(`/users/${lead.id}`), { token: host.token });
  assert.equal(card.body.data.role, "lead_moderator");
  assert.equal(card.body.data.moderatorLevel, "lead");
  const vcard = await call<{ data: { role: string; timeout: { reason: string } | null } }>("GET", path(`/users/${viewer.id}`), { token: lead.token });
  assert.equal(vcard.body.data.timeout?.reason, "caps");
});

test("appointing a moderator tells them, and their next join carries the moderator's access", async () => {
  const { host, id, path } = await liveStream("ah");
  const user = await newUser("am");
  const u = await joined(user, id);
  assert.equal(u.join.access.role, "viewer");
  const told = next<{ level: string | null }>(u.sock, "moderation_role_changed");
  const added = next<{ user: { id: string }; level: string }>(u.sock, "moderator_added");
  assert.equal(code(await call("POST", path("/moderators"), { token: host.token, json: { userId: user.id } })), "ok");
  assert.equal((await told).level, "moderator");
  assert.equal((await added).user.id, user.id);
  const again = await joined(user, id);
  assert.equal(again.join.access.role, "moderator");
  assert.equal(again.join.access.permissions["channel.ban"], true);
  assert.equal(again.join.access.permissions["channel.moderators"], false);
  const mods = await call<{ data: { moderators: { user: { id: string }; level: string }[] } }>("GET", path("/moderators"), { token: user.token });
  assert.deepEqual(mods.body.data.moderators.map((x) => [x.user.id, x.level]), [[user.id, "moderator"]]);
  assert.equal(code(await call("DELETE", path(`/moderators/${user.id}`), { token: host.token })), "ok");
  assert.equal(code(await call("GET", path("/moderators"), { token: user.token })), "FORBIDDEN");
  assert.equal(code(await call("POST", path("/moderators"), { token: host.token, json: { username: "nobody_here_x" } })), "NOT_FOUND");
  assert.equal(code(await call("POST", path("/moderators"), { token: host.token, json: { userId: user.id, username: user.username } })), "VALIDATION_ERROR");
});

test("a deleted message and a cleared chat disappear for every viewer and from history", async () => {
  const { host, id, path } = await liveStream("ch");
  const [a, b] = await Promise.all([newUser("ca"), newUser("cb")]);
  const viewer = await joined(b, id);
  const one = await say(a, path("/chat"), "first line");
  const two = await say(a, path("/chat"), "second line");
  const gone = next<{ messageId: string }>(viewer.sock, "chat_message_deleted");
  const h = await connected(connect({ token: host.token }));
  const del = await ack(h, "delete_chat_message", { streamId: id, messageId: one.body.data.id });
  assert.ok(del.success, JSON.stringify(del.error));
  assert.equal((await gone).messageId, one.body.data.id);
  let hist = await call<{ data: { messages: Msg[] } }>("GET", path("/chat"));
  assert.deepEqual(hist.body.data.messages.map((m) => m.id), [two.body.data.id]);
  const cleared = next<{ by: string }>(viewer.sock, "chat_cleared");
  assert.equal(code(await call("POST", path("/chat/clear"), { token: host.token })), "ok");
  assert.equal((await cleared).by, host.username);
  assert.ok(await until(async () => (await call<{ data: { messages: Msg[] } }>("GET", path("/chat"))).body.data.messages.length === 0, 2000));
  hist = await call<{ data: { messages: Msg[] } }>("GET", path("/chat"));
  assert.equal(hist.body.data.messages.length, 0);
});

test("the channel's filters refuse with a code the sender can read; the owner and moderators are exempt", async () => {
  const { host, id, path } = await liveStream("fh");
  const [mod, viewer] = await Promise.all([newUser("fm"), newUser("fv")]);
  await call("POST", path("/moderators"), { token: host.token, json: { userId: mod.id } });
  const set = await call("PATCH", path("/moderation"), { token: host.token, json: { bannedWords: ["spam", "buy followers"], blockLinks: true, autoModeration: true } });
  assert.equal(set.status, 200, JSON.stringify(set.body));
  const v = await joined(viewer, id);
  const send = async (message: string) => {
    const a = await ack(v.sock, "stream_chat_message", { streamId: id, message });
    return a.success ? "ok" : (a.error?.code ?? "?");
  };
  assert.equal(await send("ｓ\u200bｐ\u200bａ\u200bｍ"), "BLOCKED_TERM");
  assert.equal(await send("B U Y  f0ll0wers now"), "BLOCKED_TERM");
  assert.equal(await send("this class is great"), "ok");
  assert.equal(await send("visit evil.example.com/deal"), "LINKS_BLOCKED");
  assert.equal(await send("WHY IS NOBODY ANSWERING MY QUESTION"), "EXCESSIVE_CAPS");
  assert.equal(await send("🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥"), "EMOJI_FLOOD");
  assert.equal(await send("what a play by the team"), "ok");
  const repeat = await ack(v.sock, "stream_chat_message", { streamId: id, message: "What a play by the team!!" });
  assert.equal(repeat.error?.code, "REPEATED_MESSAGE");
  assert.match(repeat.error?.message ?? "", /same as one you just sent/);
  assert.equal(code(await say(viewer, path("/chat"), "spam spam")), "BLOCKED_TERM", "REST goes through the same filter");
  assert.equal(code(await say(mod, path("/chat"), "spam is fine for moderators: evil.example.com/x")), "ok");
  assert.ok((await ack(v.sock, "stream_chat_message", { streamId: id, message: "🔥" })).success);
  await call("PATCH", path("/moderation"), { token: mod.token, json: { emoteOnly: true } });
  assert.equal(await send("words are not emotes"), "EMOTE_ONLY");
  assert.equal(await send("🎉 👏"), "ok");
  // Refusals were not broadcast or stored: history holds only what went out.
  const hist = await call<{ data: { messages: Msg[] } }>("GET", path("/chat"));
  assert.deepEqual(hist.body.data.messages.map((m) => m.message), ["this class is great", "what a play by the team", "spam is fine for moderators: evil.example.com/x", "🔥", "🎉 👏"]);
});
