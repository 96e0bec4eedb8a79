import { test } from "node:test";
import assert from "node:assert/strict";
import { BASE, call, newUser, sessionCookie } from "./support/http";
import { act, createStream, type Err } from "./support/streams";

/**
 * The access module caches stream snapshots (2 s) and each user's standing (10 s); these tests make the
 * changes that must reach those caches at once, and ask again straight after, over REST (Next's copy of
 * the modules) — no waiting for a cache to expire.
 */
const chat = (token: string, streamId: string, message = "hello") => call<Err>("POST", `/api/livestream/${streamId}/chat`, { token, json: { message } });
const code = (r: { status: number; body: unknown }) => (r.status < 300 ? "ok" : ((r.body as Err).error?.code ?? String(r.status)));

test("follow and unfollow change a followers-only stream's answer at once", async () => {
  const host = await newUser("ah");
  const fan = await newUser("af");
  const s = await createStream(host, { streamType: "followers_only" });
  await act(host, s.streamId, "start");
  assert.equal(code(await chat(fan.token, s.streamId)), "FOLLOWERS_ONLY");
  await call("POST", `/api/users/${host.id}/follow`, { token: fan.token });
  assert.equal(code(await chat(fan.token, s.streamId)), "ok");
  await call("DELETE", `/api/users/${host.id}/follow`, { token: fan.token });
  assert.equal(code(await chat(fan.token, s.streamId)), "FOLLOWERS_ONLY");
});

test("ban and unban change the answer at once", async () => {
  const host = await newUser("ah");
  const fan = await newUser("af");
  const s = await createStream(host);
  await act(host, s.streamId, "start");
  assert.equal(code(await chat(fan.token, s.streamId)), "ok");
  assert.equal(code(await call("POST", `/api/livestream/${s.streamId}/bans`, { token: host.token, json: { userId: fan.id } })), "ok");
  assert.equal(code(await chat(fan.token, s.streamId)), "BANNED");
  assert.equal(code(await call("POST", `/api/livestream/${s.streamId}/token`, { token: fan.token })), "BANNED");
  assert.equal(code(await call("DELETE", `/api/livestream/${s.streamId}/bans/${fan.id}`, { token: host.token })), "ok");
  assert.equal(code(await chat(fan.token, s.streamId)), "ok");
});

test("editing the audience, turning chat off and deleting reach the stream cache at once", async () => {
  const host = await newUser("ah");
  const fan = await newUser("af");
  const s = await createStream(host);
  await act(host, s.streamId, "start");
  assert.equal(code(await chat(fan.token, s.streamId)), "ok");
  assert.equal(code(await call("PATCH", `/api/livestream/${s.streamId}`, { token: host.token, json: { streamType: "subscribers_only" } })), "ok");
  assert.equal(code(await chat(fan.token, s.streamId)), "SUBSCRIBERS_ONLY");
  assert.equal(code(await call("PATCH", `/api/livestream/${s.streamId}`, { token: host.token, json: { streamType: "public", features: { chatEnabled: false } } })), "ok");
  assert.equal(code(await chat(fan.token, s.streamId)), "FORBIDDEN");
  const ended = await act(host, s.streamId, "end");
  assert.equal(ended.status, 200, JSON.stringify(ended.body));
  assert.equal(code(await chat(fan.token, s.streamId)), "STREAM_ENDED");
  assert.equal(code(await call("DELETE", `/api/livestream/${s.streamId}`, { token: host.token })), "ok");
  assert.equal(code(await chat(fan.token, s.streamId)), "NOT_FOUND");
});

test("only the host manages a stream: edit, key, lifecycle and studio page", async () => {
  const host = await newUser("ah");
  const other = await newUser("ao");
  const s = await createStream(host);
  for (const [method, path] of [["PATCH", ""], ["GET", "/key"], ["POST", "/key/rotate"], ["POST", "/start"], ["DELETE", ""]] as const) {
    const res = await call(method, `/api/livestream/${s.streamId}${path}`, { token: other.token, ...(method === "PATCH" ? { json: { title: "x" } } : {}) });
    assert.equal(code(res), "FORBIDDEN", `${method} ${path}`);
  }
  const studio = async (cookie: string) => (await fetch(`${BASE}/studio/${s.streamId}`, { headers: { cookie }, redirect: "manual" })).status;
  assert.equal(await studio(await sessionCookie(other.username, other.password)), 404, "the studio does not reveal another host's stream");
  assert.equal(await studio(await sessionCookie(host.username, host.password)), 200);
});
