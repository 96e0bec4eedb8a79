import { after, afterEach, test } from "node:test";
import assert from "node:assert/strict";
import { call, newUser, type TestUser } from "./support/http";
import { act, createStream } from "./support/streams";
import { setClock } from "@/lib/clock";
import { disconnectDb } from "@/lib/db/connection";
import { closeRedis } from "@/lib/realtime/redis";
import type { Actor } from "@/lib/accounts/authenticate";
import { can } from "@/lib/access";
import { banUser } from "@/lib/moderation/bans";
import { timeoutUser } from "@/lib/moderation/timeouts";
import { updateModerationSettings } from "@/lib/moderation/settings";
import { sendChatMessage } from "@/lib/chat/send-message";
import { AppError } from "@/lib/errors";

/**
 * Timed bans, timeouts, follow ages and slow mode lapse by the clock: the use cases run in this process on
 * the app's database with an injected clock, so a 30-minute ban ends without anybody waiting 30 minutes.
 */
after(async () => {
  setClock(null);
  await disconnectDb();
  await closeRedis();
});
afterEach(() => setClock(null));

const actorOf = (u: TestUser): Actor => ({ id: u.id, username: u.username, displayName: u.username, role: "user", verified: true });

async function live() {
  const host = await newUser("kh");
  const s = await createStream(host);
  await act(host, s.streamId, "start");
  return { host, streamId: s.streamId };
}

/** The code a use case refuses with, or "ok". */
async function outcome(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "ok";
  } catch (err) {
    if (err instanceof AppError) return err.code;
    throw err;
  }
}

test("a timed ban ends by itself at its end", async () => {
  const { host, streamId } = await live();
  const viewer = await newUser("kv");
  let now = Date.now();
  setClock(() => now);
  await banUser(actorOf(host), streamId, { userId: viewer.id, durationMinutes: 30 });
  assert.equal(await can(actorOf(viewer), "stream.watch", streamId), false);
  now += 29 * 60_000;
  assert.equal(await can(actorOf(viewer), "stream.watch", streamId), false, "still banned a minute before the end");
  now += 61_000;
  assert.equal(await can(actorOf(viewer), "stream.watch", streamId), true, "the ban lapsed: the cached answer too");
});

test("a timeout lapses by itself; watching was never affected", async () => {
  const { host, streamId } = await live();
  const viewer = await newUser("kv");
  let now = Date.now();
  setClock(() => now);
  await timeoutUser(actorOf(host), streamId, { userId: viewer.id, durationSeconds: 600 });
  assert.equal(await outcome(sendChatMessage(actorOf(viewer), streamId, "hi")), "TIMED_OUT");
  assert.equal(await can(actorOf(viewer), "stream.watch", streamId), true);
  now += 599_000;
  assert.equal(await outcome(sendChatMessage(actorOf(viewer), streamId, "now?")), "TIMED_OUT");
  now += 1_000;
  assert.equal(await outcome(sendChatMessage(actorOf(viewer), streamId, "back")), "ok");
});

test("followers-only with a minimum follow age, and slow mode, follow the clock", async () => {
  const { host, streamId } = await live();
  const fan = await newUser("kf");
  await call("POST", `/api/users/${host.id}/follow`, { token: fan.token });
  let now = Date.now();
  setClock(() => now);
  await updateModerationSettings(actorOf(host), streamId, { followersOnly: true, followersMinAgeMinutes: 60, slowMode: 20 });
  assert.equal(await outcome(sendChatMessage(actorOf(fan), streamId, "hello")), "FOLLOWERS_ONLY");
  now += 60 * 60_000 + 1_000;
  // The access cache's entry for the fan expires on the same clock (10 s), so the follow's age is read again.
  assert.equal(await outcome(sendChatMessage(actorOf(fan), streamId, "an hour later")), "ok");
  assert.equal(await outcome(sendChatMessage(actorOf(fan), streamId, "again")), "SLOW_MODE");
  now += 19_000;
  assert.equal(await outcome(sendChatMessage(actorOf(fan), streamId, "almost")), "SLOW_MODE");
  now += 1_000;
  assert.equal(await outcome(sendChatMessage(actorOf(fan), streamId, "now")), "ok");
});
