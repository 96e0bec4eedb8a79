import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { call, newUser, uniqueName } from "./support/http";
import { act, createStream, type Err, type List, type Ok } from "./support/streams";

const ids = (l: List) => l.data.streams.map((s) => s.id);

describe("trending, category and upcoming", () => {
  test("only live, listed streams appear; unlisted, private-audience and ended ones never leak", async () => {
    const word = uniqueName("trend");
    const kinds = ["public", "paid", "unlisted", "followers_only", "subscribers_only"] as const;
    const made: Record<string, string> = {};
    for (const streamType of kinds) {
      const host = await newUser("th");
      const s = await createStream(host, { title: `${word} ${streamType}`, category: "sports", streamType, ...(streamType === "paid" ? { ticketPrice: 4.99 } : {}) });
      assert.equal((await act(host, s.streamId, "start")).status, 200);
      made[streamType] = s.streamId;
    }
    const endedHost = await newUser("th");
    const ended = await createStream(endedHost, { title: `${word} ended`, category: "sports" });
    await act(endedHost, ended.streamId, "start");
    await act(endedHost, ended.streamId, "end");
    const scheduled = await createStream(await newUser("th"), { title: `${word} later`, category: "sports" });

    for (const path of ["/api/livestream/trending?limit=50&category=sports", "/api/livestream/category/sports?limit=50", "/api/livestream/trending?limit=50"]) {
      const res = await call<List>("GET", path);
      assert.equal(res.status, 200, path);
      const got = ids(res.body);
      assert.ok(got.includes(made.public ?? ""), `${path}: public`);
      assert.ok(got.includes(made.paid ?? ""), `${path}: paid`);
      for (const hidden of [made.unlisted, made.followers_only, made.subscribers_only, ended.streamId, scheduled.streamId]) assert.ok(!got.includes(hidden ?? ""), `${path} leaked ${hidden}`);
      assert.equal(JSON.stringify(res.body).includes("streamKey"), false);
    }
  });

  test("trending ranks by viewers and engagement with recency decay, counters caught up within the listing's refresh", async () => {
    const quiet = await newUser("rank");
    const popular = await newUser("rank");
    const q = await createStream(quiet, { title: "quiet", category: "cooking" });
    const p = await createStream(popular, { title: "popular", category: "cooking" });
    // The popular stream starts first: on recency alone the quiet one would rank above it.
    await act(popular, p.streamId, "start");
    await act(quiet, q.streamId, "start");
    await call<List>("GET", "/api/livestream/trending?category=cooking&limit=50");
    for (let i = 0; i < 3; i++) await call("POST", `/api/livestream/${p.streamId}/like`, { token: (await newUser("fan")).token });
    // Counters change without a stream event: the in-memory listing re-reads them every 5 s while asked.
    const deadline = Date.now() + 10_000;
    let order: string[] = [];
    for (;;) {
      order = ids((await call<List>("GET", "/api/livestream/trending?category=cooking&limit=50")).body);
      if (order.indexOf(p.streamId) < order.indexOf(q.streamId) || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    assert.ok(order.indexOf(p.streamId) >= 0 && order.indexOf(p.streamId) < order.indexOf(q.streamId), "liked stream ranks above the idle one");
    await act(quiet, q.streamId, "end");
    await act(popular, p.streamId, "end");
  });

  test("upcoming lists scheduled streams soonest first", async () => {
    const host = await newUser("up");
    const later = await createStream(host, { title: "later", category: "science", scheduledFor: new Date(Date.now() + 7_200_000).toISOString() });
    const sooner = await createStream(host, { title: "sooner", category: "science", scheduledFor: new Date(Date.now() + 3_600_000).toISOString() });
    await createStream(host, { title: "hidden", category: "science", streamType: "unlisted", scheduledFor: new Date(Date.now() + 3_000_000).toISOString() });
    const got = ids((await call<List>("GET", "/api/livestream/upcoming?category=science&limit=50")).body);
    assert.ok(got.indexOf(sooner.streamId) >= 0 && got.indexOf(sooner.streamId) < got.indexOf(later.streamId));
    assert.equal(got.length, 2);
  });

  test("bad discovery input is 400", async () => {
    for (const path of ["/api/livestream/trending?limit=0", "/api/livestream/trending?limit=abc", "/api/livestream/trending?category=knitting", "/api/livestream/category/knitting", "/api/livestream/category/gaming?page=-1", "/api/livestream/upcoming?limit=9999", "/api/livestream/trending?evil=1"]) {
      const res = await call<Err>("GET", path);
      assert.equal(res.status, 400, path);
      assert.equal(res.body.error.code, "VALIDATION_ERROR");
    }
  });

  test("categories come with live counts", async () => {
    const res = await call<Ok<{ categories: { id: string; liveCount: number }[] }>>("GET", "/api/livestream/categories");
    assert.equal(res.status, 200);
    assert.ok(res.body.data.categories.some((c) => c.id === "gaming"));
    assert.ok(res.body.data.categories.every((c) => typeof c.liveCount === "number"));
  });
});

describe("GET /api/livestream/search", () => {
  test("matches title, description, tags and host name, case-insensitively, with pagination", async () => {
    const word = uniqueName("zq").replace("_", "");
    const host = await newUser("searcher");
    const byTitle = await createStream(host, { title: `Learning ${word.toUpperCase()} today` });
    const byTag = await createStream(await newUser("s"), { title: "untitled", tags: [word] });
    const byDesc = await createStream(await newUser("s"), { title: "untitled", description: `we talk about ${word} and more` });
    const all = (await call<List>("GET", `/api/livestream/search?q=${word}&limit=50`)).body;
    assert.deepEqual(ids(all).sort(), [byTitle.streamId, byTag.streamId, byDesc.streamId].sort());
    const prefix = ids((await call<List>("GET", `/api/livestream/search?q=${word.slice(0, 6).toUpperCase()}&limit=50`)).body);
    assert.ok(prefix.includes(byTitle.streamId), "word prefixes match");
    const byHost = ids((await call<List>("GET", `/api/livestream/search?q=${host.username}`)).body);
    assert.deepEqual(byHost, [byTitle.streamId]);
    const p1 = (await call<List>("GET", `/api/livestream/search?q=${word}&limit=2&page=1`)).body;
    const p2 = (await call<List>("GET", `/api/livestream/search?q=${word}&limit=2&page=2`)).body;
    assert.equal(p1.data.streams.length, 2);
    assert.equal(p1.data.pagination.hasMore, true);
    assert.equal(p2.data.streams.length, 1);
    assert.equal(p2.data.pagination.hasMore, false);
    assert.equal(new Set([...ids(p1), ...ids(p2)]).size, 3);
  });

  test("filters by category and never returns unlisted, private or ended streams", async () => {
    const word = uniqueName("zx").replace("_", "");
    const host = await newUser("s");
    const music = await createStream(host, { title: `${word} music`, category: "music" });
    await createStream(host, { title: `${word} art`, category: "art" });
    await createStream(host, { title: `${word} unlisted`, category: "music", streamType: "unlisted" });
    await createStream(host, { title: `${word} fans`, category: "music", streamType: "followers_only" });
    const ended = await createStream(host, { title: `${word} over`, category: "music" });
    await act(host, ended.streamId, "end");
    assert.deepEqual(ids((await call<List>("GET", `/api/livestream/search?q=${word}&category=music`)).body), [music.streamId]);
  });

  test("bad queries are 400", async () => {
    for (const q of ["", "x".repeat(101), "%20%20", "%2A%2A%2A"]) assert.equal((await call("GET", `/api/livestream/search?q=${q}`)).status, 400, q);
    assert.equal((await call("GET", "/api/livestream/search")).status, 400);
    assert.equal((await call("GET", "/api/livestream/search?q=ok&category=nope")).status, 400);
    const operatorLike = await call<List>("GET", "/api/livestream/search?q[$ne]=x");
    assert.equal(operatorLike.status, 400, "query operators are not accepted as parameters");
  });
});

describe("follows, likes, shares and channels", () => {
  test("follow and unfollow are idempotent and counted once", async () => {
    const creator = await newUser("creator");
    const fan = await newUser("fan");
    const f1 = await call<Ok<{ following: boolean; followerCount: number }>>("POST", `/api/users/${creator.id}/follow`, { token: fan.token });
    assert.deepEqual(f1.body.data, { following: true, followerCount: 1 });
    const f2 = await call<Ok<{ followerCount: number }>>("POST", `/api/users/${creator.username}/follow`, { token: fan.token });
    assert.equal(f2.body.data.followerCount, 1);
    const state = await call<Ok<{ following: boolean }>>("GET", `/api/users/${creator.username}/follow`, { token: fan.token });
    assert.equal(state.body.data.following, true);
    const anon = await call<Ok<{ following: boolean; followerCount: number }>>("GET", `/api/users/${creator.username}/follow`);
    assert.deepEqual(anon.body.data, { following: false, followerCount: 1 });
    const u1 = await call<Ok<{ following: boolean; followerCount: number }>>("DELETE", `/api/users/${creator.id}/follow`, { token: fan.token });
    assert.deepEqual(u1.body.data, { following: false, followerCount: 0 });
    assert.equal((await call<Ok<{ followerCount: number }>>("DELETE", `/api/users/${creator.id}/follow`, { token: fan.token })).body.data.followerCount, 0);
  });

  test("follow refuses yourself, unknown users and anonymous callers", async () => {
    const u = await newUser("self");
    assert.equal((await call<Err>("POST", `/api/users/${u.id}/follow`, { token: u.token })).status, 422);
    assert.equal((await call("POST", `/api/users/${uniqueName("ghost")}/follow`, { token: u.token })).status, 404);
    assert.equal((await call("POST", `/api/users/${u.id}/follow`)).status, 401);
  });

  test("likes count once per user; shares are counted", async () => {
    const host = await newUser("lk");
    const s = await createStream(host);
    const fan = await newUser("fan");
    await call("POST", `/api/livestream/${s.streamId}/like`, { token: fan.token });
    const again = await call<Ok<{ likes: number }>>("POST", `/api/livestream/${s.streamId}/like`, { token: fan.token });
    assert.equal(again.body.data.likes, 1);
    assert.equal((await call<Ok<{ liked: boolean }>>("GET", `/api/livestream/${s.streamId}/like`, { token: fan.token })).body.data.liked, true);
    assert.equal((await call<Ok<{ likes: number }>>("DELETE", `/api/livestream/${s.streamId}/like`, { token: fan.token })).body.data.likes, 0);
    const shared = await call<Ok<{ shares: number }>>("POST", `/api/livestream/${s.streamId}/share`, { token: fan.token });
    assert.equal(shared.body.data.shares, 1);
    assert.equal((await call("POST", `/api/livestream/${s.streamId}/like`)).status, 401);
    assert.equal((await call("POST", "/api/livestream/0123456789abcdef01234567/like", { token: fan.token })).status, 404);
  });

  test("a channel lists its listed streams only", async () => {
    const host = await newUser("ch");
    const pub = await createStream(host, { title: "public one" });
    await createStream(host, { title: "secret one", streamType: "unlisted" });
    const res = await call<List>("GET", `/api/users/${host.username}/streams`);
    assert.deepEqual(ids(res.body), [pub.streamId]);
    assert.equal((await call("GET", `/api/users/${uniqueName("ghost")}/streams`)).status, 404);
  });
});
