import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import type { Socket } from "socket.io-client";
import { BASE, call, newUser, type TestUser } from "./support/http";
import { act, createStream, type Ok } from "./support/streams";
import { ack, closeAll, connect, connected, until } from "./support/sockets";
import { startApp, type AppProcess } from "../scripts/app-process";
import { freePort } from "../scripts/services/process";

/**
 * A join's history comes from memory (lib/chat/recent.ts, read through to the database once per stream and
 * process). Whatever happened — sends, reactions, a deleted message, a user's lines cleared (timeout, ban),
 * the whole chat cleared — it must equal what the database answers, on the process that did it, on another
 * one that only heard it through Redis, and on a process started afresh (cold).
 */
type Msg = { id: string; message: string; reactions: Record<string, number>; sender: { id: string } };
type Page = { messages: Msg[]; nextBefore: string | null };

const env = () => Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => typeof e[1] === "string"));
let second: AppProcess | undefined;

before(async () => {
  second = await startApp({ env: env(), port: await freePort(), production: true, stdio: "pipe" });
});

after(async () => {
  closeAll();
  await second?.stop();
});

/** The database's answer: a `before` cursor past every id pages from the database (after the write buffer's flush). */
async function truth(streamId: string): Promise<Page> {
  const r = await call<Ok<Page>>("GET", `/api/livestream/${streamId}/chat?limit=50&before=ffffffffffffffffffffffff`);
  assert.equal(r.status, 200);
  return { messages: r.body.data.messages, nextBefore: r.body.data.nextBefore };
}

/** What a new viewer's join answers on the app at `url`. */
async function joinPage(url: string, streamId: string): Promise<Page> {
  const s = await connected(connect({ url }));
  const r = await ack<{ history: Msg[]; nextBefore: string | null }>(s, "join_stream", { streamId });
  s.close();
  assert.equal(r.success, true, JSON.stringify(r.error));
  return { messages: r.data!.history, nextBefore: r.data!.nextBefore };
}

/** Every app's join equals the database (another process hears of changes through Redis: waits a little for it). */
async function sameEverywhere(streamId: string, what: string): Promise<Page> {
  const want = await truth(streamId);
  assert.deepEqual(await joinPage(BASE, streamId), want, `${what}: the process that did it`);
  let got: Page | undefined;
  await until(async () => JSON.stringify((got = await joinPage(second!.url, streamId))) === JSON.stringify(want), 5000);
  assert.deepEqual(got, want, `${what}: another process`);
  return want;
}

async function say(s: Socket, streamId: string, message: string): Promise<string> {
  const r = await ack<{ id: string }>(s, "stream_chat_message", { streamId, message });
  assert.equal(r.success, true, JSON.stringify(r.error));
  return r.data!.id;
}

async function chatter(streamId: string, prefix: string): Promise<{ user: TestUser; socket: Socket }> {
  const user = await newUser(prefix);
  const socket = await connected(connect({ token: user.token }));
  assert.equal((await ack(socket, "join_stream", { streamId })).success, true);
  return { user, socket };
}

test("a join's history equals the database after sends, reactions, deletes, clears and a cold restart", { timeout: 90_000 }, async () => {
  const host = await newUser("jh");
  const { streamId } = await createStream(host);
  await act(host, streamId, "start");
  const mod = await connected(connect({ token: host.token }));
  assert.equal((await ack(mod, "join_stream", { streamId })).success, true);
  assert.deepEqual((await sameEverywhere(streamId, "empty")).messages, []);

  // 3 chatters × 20 (the rate limit is per user): more than a page, so `nextBefore` is set.
  const [a, b, c] = [await chatter(streamId, "jha"), await chatter(streamId, "jhb"), await chatter(streamId, "jhc")];
  const ids: string[] = [];
  for (let i = 0; i < 20; i++) for (const [k, who] of [a, b, c].entries()) ids.push(await say(who!.socket, streamId, `m${i}-${k}`));
  const sent = await sameEverywhere(streamId, "60 sent");
  assert.deepEqual([sent.messages.length, sent.messages.at(-1)?.id, sent.nextBefore], [50, ids.at(-1), ids[10]]);

  // Reaction totals show in history as in the database.
  assert.equal((await ack(a!.socket, "chat_message_reaction", { streamId, messageId: ids[40], emoji: "🔥" })).success, true);
  assert.equal((await sameEverywhere(streamId, "a reaction")).messages.find((m) => m.id === ids[40])?.reactions["🔥"], 1);

  // One message deleted: the page reaches one further back.
  assert.equal((await ack(mod, "delete_chat_message", { streamId, messageId: ids[55] })).success, true);
  const deleted = await sameEverywhere(streamId, "a message deleted");
  assert.ok(!deleted.messages.some((m) => m.id === ids[55]));
  assert.equal(deleted.messages[0]?.id, ids[9]);

  // A timeout and a ban take the users' lines out: two thirds of the page, refilled with older lines from the database.
  assert.equal((await ack(mod, "timeout_user", { streamId, userId: a!.user.id, durationSeconds: 60 })).success, true);
  assert.equal((await ack(mod, "ban_user", { streamId, userId: b!.user.id })).success, true);
  const cleared = await sameEverywhere(streamId, "two users' lines cleared");
  assert.deepEqual([cleared.messages.length, cleared.nextBefore, new Set(cleared.messages.map((m) => m.sender.id)).size], [20, null, 1]);

  // The whole chat cleared, then new lines.
  assert.equal((await ack(mod, "clear_chat", { streamId })).success, true);
  assert.deepEqual((await sameEverywhere(streamId, "chat cleared")).messages, []);
  const fresh = [await say(c!.socket, streamId, "after-1"), await say(mod, streamId, "after-2")];
  assert.deepEqual((await sameEverywhere(streamId, "after the clear")).messages.map((m) => m.id), fresh);

  // A process started afresh knows nothing of this stream: it reads the database once and answers the same.
  await second!.stop();
  second = await startApp({ env: env(), port: await freePort(), production: true, stdio: "pipe" });
  await say(c!.socket, streamId, "after-restart");
  await sameEverywhere(streamId, "a cold process");
});
