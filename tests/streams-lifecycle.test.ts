import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { call, newUser, uniqueName } from "./support/http";
import { act, createStream, type Created, type Err, type Ok, type StreamData } from "./support/streams";

describe("POST /api/livestream/create", () => {
  test("returns the spec's shape: streamId, streamKey, roomId and urls", async () => {
    const host = await newUser("host");
    const res = await call<Ok<Created>>("POST", "/api/livestream/create", {
      token: host.token,
      json: { title: "My Awesome Stream", description: "Live coding session", category: "technology", streamType: "public", features: { chatEnabled: true, reactionsEnabled: true, donationsEnabled: true } },
    });
    assert.equal(res.status, 201);
    const d = res.body.data;
    assert.match(d.streamId, /^[a-f0-9]{24}$/);
    assert.match(d.streamKey, /^live_[a-f0-9]{64}$/, "32 random bytes");
    assert.match(d.roomId, /^room_/);
    assert.ok(d.urls.rtmp.endsWith(`/${d.streamKey}`));
    assert.match(d.urls.webrtc, /^wss?:\/\//);
    assert.match(d.urls.hls, /index\.m3u8$/);
    assert.equal(d.stream.status, "scheduled");
    assert.equal(d.stream.host.username, host.username);
    assert.equal(JSON.stringify(d.stream).includes(d.streamKey), false);
  });

  test("needs an account; a bad token is refused", async () => {
    assert.equal((await call("POST", "/api/livestream/create", { json: { title: "x", category: "music" } })).status, 401);
    const bad = await call<Err>("POST", "/api/livestream/create", { token: "nope", json: { title: "x", category: "music" } });
    assert.equal(bad.status, 401);
    assert.equal(bad.body.error.code, "INVALID_TOKEN");
  });

  test("bad input: wrong types, huge strings, unknown category, missing price, past schedule", async () => {
    const host = await newUser("host");
    const cases: [Record<string, unknown>, string][] = [
      [{ title: 5, category: "music" }, "title"],
      [{ title: "x".repeat(10_000), category: "music" }, "title"],
      [{ title: "ok", category: "knitting" }, "category"],
      [{ title: "ok", category: "music", streamType: "secret" }, "streamType"],
      [{ title: "ok", category: "music", streamType: "paid" }, "ticketPrice"],
      [{ title: "ok", category: "music", scheduledFor: "not a date" }, "scheduledFor"],
      [{ title: "ok", category: "music", tags: Array(20).fill("t") }, "tags"],
      [{ title: "ok", category: "music", features: { chatEnabled: "yes" } }, "features.chatEnabled"],
      [{ title: "ok", category: "music", hostId: "someone-else" }, ""],
    ];
    for (const [json, path] of cases) {
      const res = await call<Err>("POST", "/api/livestream/create", { token: host.token, json });
      assert.equal(res.status, 400, `${JSON.stringify(json).slice(0, 80)} → ${res.status}`);
      assert.equal(res.body.error.code, "VALIDATION_ERROR");
      if (path) assert.ok(res.body.error.details?.some((d) => d.path === path), `${path} in ${JSON.stringify(res.body.error.details)}`);
    }
    // A well-formed date in the past matches the document and breaks a rule of time: 422, not 400.
    const past = await call<Err>("POST", "/api/livestream/create", { token: host.token, json: { title: "ok", category: "music", scheduledFor: "2001-01-01T00:00:00Z" } });
    assert.deepEqual([past.status, past.body.error.code], [422, "UNPROCESSABLE"]);
    assert.ok(past.body.error.details?.some((d) => d.path === "scheduledFor"));
  });
});

describe("GET /api/livestream/{id}", () => {
  test("anyone sees the details but never the key", async () => {
    const host = await newUser("host");
    const s = await createStream(host);
    for (const token of [undefined, host.token, (await newUser("other")).token]) {
      const res = await call<Ok<StreamData>>("GET", `/api/livestream/${s.streamId}`, { token });
      assert.equal(res.status, 200);
      assert.equal(res.body.data.id, s.streamId);
      assert.equal(JSON.stringify(res.body).includes(s.streamKey), false);
      assert.equal(JSON.stringify(res.body).includes("streamKey"), false);
    }
  });

  test("bad ids are 400 and unknown ids 404", async () => {
    assert.equal((await call("GET", "/api/livestream/not-an-id")).status, 400);
    assert.equal((await call("GET", `/api/livestream/${"f".repeat(300)}`)).status, 400);
    const missing = await call<Err>("GET", "/api/livestream/0123456789abcdef01234567");
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.code, "NOT_FOUND");
  });
});

describe("lifecycle: start, pause, resume, end", () => {
  test("moves along valid transitions; start and end are idempotent", async () => {
    const host = await newUser("host");
    const s = await createStream(host);
    const started = await act(host, s.streamId, "start");
    assert.equal(started.status, 200, JSON.stringify(started.body));
    assert.equal(started.body.data.status, "live");
    assert.ok(started.body.data.startedAt);
    assert.equal((await act(host, s.streamId, "start")).body.data.status, "live", "start again is a no-op");
    assert.equal((await act(host, s.streamId, "pause")).body.data.status, "paused");
    assert.equal((await act(host, s.streamId, "resume")).body.data.status, "live");
    const ended = await act(host, s.streamId, "end");
    assert.equal(ended.body.data.status, "ended");
    assert.ok(ended.body.data.endedAt);
    assert.equal((await act(host, s.streamId, "end")).status, 200, "end again is a no-op");
  });

  test("invalid transitions are 409 INVALID_TRANSITION", async () => {
    const host = await newUser("host");
    const s = await createStream(host);
    const pauseScheduled = await act(host, s.streamId, "pause");
    assert.equal(pauseScheduled.status, 409);
    assert.equal(pauseScheduled.body.error.code, "INVALID_TRANSITION");
    assert.equal((await act(host, s.streamId, "resume")).status, 409);
    await act(host, s.streamId, "end");
    for (const a of ["start", "pause", "resume"] as const) {
      const res = await act(host, s.streamId, a);
      assert.equal(res.status, 409, `${a} after end`);
      assert.equal(res.body.error.code, "INVALID_TRANSITION");
    }
  });

  test("only the host changes a stream", async () => {
    const host = await newUser("host");
    const other = await newUser("other");
    const s = await createStream(host);
    for (const a of ["start", "pause", "resume", "end"] as const) {
      const res = await act(other, s.streamId, a);
      assert.equal(res.status, 403, a);
      assert.equal(res.body.error.code, "FORBIDDEN");
      assert.equal((await call("POST", `/api/livestream/${s.streamId}/${a}`)).status, 401);
    }
    assert.equal((await call("PATCH", `/api/livestream/${s.streamId}`, { token: other.token, json: { title: "mine now" } })).status, 403);
    assert.equal((await call("DELETE", `/api/livestream/${s.streamId}`, { token: other.token })).status, 403);
    assert.equal((await call("GET", `/api/livestream/${s.streamId}/key`, { token: other.token })).status, 403);
    assert.equal((await call("POST", `/api/livestream/${s.streamId}/key/rotate`, { token: other.token })).status, 403);
    assert.equal((await call<Ok<StreamData>>("GET", `/api/livestream/${s.streamId}`)).body.data.title, "Test stream");
  });

  test("a host has at most one live stream, even under concurrent starts", async () => {
    const host = await newUser("host");
    const [a, b] = [await createStream(host), await createStream(host)];
    const replies = await Promise.all([act(host, a.streamId, "start"), act(host, b.streamId, "start")]);
    assert.deepEqual(replies.map((r) => r.status).sort(), [200, 409]);
    const loser = replies.find((r) => r.status === 409);
    assert.equal(loser?.body.error.code, "ALREADY_LIVE");
    const winner = replies[0]?.status === 200 ? a : b;
    const other = winner === a ? b : a;
    await act(host, winner.streamId, "end");
    assert.equal((await act(host, other.streamId, "start")).status, 200, "the slot is free after the end");
    await act(host, other.streamId, "end");
  });
});

describe("edit, schedule, delete and keys", () => {
  test("PATCH edits and reschedules; bad input is 400 and nothing is lost", async () => {
    const host = await newUser("host");
    const s = await createStream(host, { title: "Original", tags: ["rust"] });
    const when = new Date(Date.now() + 86_400_000).toISOString();
    const res = await call<Ok<StreamData & { tags: string[] }>>("PATCH", `/api/livestream/${s.streamId}`, { token: host.token, json: { title: "Renamed", scheduledFor: when, tags: ["Rust", "wasm"] } });
    assert.equal(res.status, 200);
    assert.equal(res.body.data.title, "Renamed");
    assert.equal(res.body.data.scheduledFor, when);
    assert.deepEqual(res.body.data.tags, ["rust", "wasm"]);
    const bad = await call<Err>("PATCH", `/api/livestream/${s.streamId}`, { token: host.token, json: { title: "", category: "nope" } });
    assert.equal(bad.status, 400);
    assert.equal((await call("PATCH", `/api/livestream/${s.streamId}`, { token: host.token, json: {} })).status, 400);
    const after = await call<Ok<StreamData>>("GET", `/api/livestream/${s.streamId}`);
    assert.equal(after.body.data.title, "Renamed");
    await act(host, s.streamId, "start");
    const resched = await call<Err>("PATCH", `/api/livestream/${s.streamId}`, { token: host.token, json: { scheduledFor: when } });
    assert.equal(resched.status, 409);
    await act(host, s.streamId, "end");
  });

  test("DELETE is refused while live and works after the end", async () => {
    const host = await newUser("host");
    const s = await createStream(host);
    await act(host, s.streamId, "start");
    const refused = await call<Err>("DELETE", `/api/livestream/${s.streamId}`, { token: host.token });
    assert.equal(refused.status, 409);
    assert.equal(refused.body.error.code, "STREAM_ON_AIR");
    await act(host, s.streamId, "end");
    assert.equal((await call("DELETE", `/api/livestream/${s.streamId}`, { token: host.token })).status, 200);
    assert.equal((await call("GET", `/api/livestream/${s.streamId}`)).status, 404);
  });

  test("the key is revealed to the host only, and rotation replaces it", async () => {
    const host = await newUser("host");
    const s = await createStream(host);
    const shown = await call<Ok<{ streamKey: string }>>("GET", `/api/livestream/${s.streamId}/key`, { token: host.token });
    assert.equal(shown.body.data.streamKey, s.streamKey);
    const rotated = await call<Ok<{ streamKey: string }>>("POST", `/api/livestream/${s.streamId}/key/rotate`, { token: host.token });
    assert.match(rotated.body.data.streamKey, /^live_[a-f0-9]{64}$/);
    assert.notEqual(rotated.body.data.streamKey, s.streamKey);
    const again = await call<Ok<{ streamKey: string }>>("GET", `/api/livestream/${s.streamId}/key`, { token: host.token });
    assert.equal(again.body.data.streamKey, rotated.body.data.streamKey);
  });

  test("GET /user/streams lists the caller's streams of every status, and only theirs", async () => {
    const host = await newUser("host");
    const other = await newUser("other");
    const a = await createStream(host, { title: "mine unlisted", streamType: "unlisted" });
    const b = await createStream(host, { title: "mine ended" });
    await act(host, b.streamId, "end");
    await createStream(other, { title: uniqueName("theirs") });
    const res = await call<Ok<{ streams: StreamData[] }>>("GET", "/api/livestream/user/streams", { token: host.token });
    assert.deepEqual(res.body.data.streams.map((s) => s.id).sort(), [a.streamId, b.streamId].sort());
    assert.equal(JSON.stringify(res.body).includes("streamKey"), false);
    assert.equal((await call("GET", "/api/livestream/user/streams")).status, 401);
    assert.equal((await call("GET", "/api/livestream/user/streams?limit=0", { token: host.token })).status, 400);
  });
});
