import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { call, newUser, uniqueName } from "./support/http";
import { act, createStream, type List } from "./support/streams";

/**
 * Trending and search answer from an in-memory set of the listed live and scheduled streams
 * (lib/streams/discovery-index.ts), not the database. Each test first reads the listing, so the set is loaded
 * and warm, then changes a stream and checks the very next read: a change this process made (or heard of
 * through the relay) is never served stale, and nothing unlisted or private leaks through the cache.
 */
const ids = (l: List) => l.data.streams.map((s) => s.id);
const trending = async (category: string) => ids((await call<List>("GET", `/api/livestream/trending?category=${category}&limit=50`)).body);
const search = async (q: string) => ids((await call<List>("GET", `/api/livestream/search?q=${encodeURIComponent(q)}&limit=50`)).body);

describe("discovery from the in-memory set", { timeout: 60_000 }, () => {
  test("a stream that goes live is in trending at the next read; ended or made private, it is gone at the next read", async () => {
    const host = await newUser("dl");
    const s = await createStream(host, { title: uniqueName("golive"), category: "travel" });
    assert.ok(!(await trending("travel")).includes(s.streamId), "a scheduled stream is not trending");
    assert.equal((await act(host, s.streamId, "start")).status, 200);
    assert.ok((await trending("travel")).includes(s.streamId), "live: listed at once");

    assert.equal((await call("PATCH", `/api/livestream/${s.streamId}`, { token: host.token, json: { streamType: "followers_only" } })).status, 200);
    assert.ok(!(await trending("travel")).includes(s.streamId), "followers-only: gone at once");
    assert.equal((await call("PATCH", `/api/livestream/${s.streamId}`, { token: host.token, json: { streamType: "public" } })).status, 200);
    assert.ok((await trending("travel")).includes(s.streamId), "public again: back");

    assert.equal((await act(host, s.streamId, "end")).status, 200);
    assert.ok(!(await trending("travel")).includes(s.streamId), "ended: gone at once");
  });

  test("search follows creation, edits and deletion at the next read; category filters; unlisted never shows", async () => {
    const host = await newUser("ds");
    const [oldWord, newWord, tag] = [uniqueName("old").replace("_", ""), uniqueName("new").replace("_", ""), uniqueName("tg").replace("_", "")];
    await search(oldWord); // the set is loaded before the stream exists
    const s = await createStream(host, { title: `${oldWord} stream`, category: "talk", tags: [tag] });
    const hidden = await createStream(host, { title: `${oldWord} hidden`, category: "talk", streamType: "unlisted", tags: [tag] });
    assert.deepEqual(await search(oldWord), [s.streamId], "created: found by title at once; the unlisted one never");
    assert.deepEqual(await search(tag), [s.streamId], "found by tag");
    assert.deepEqual(ids((await call<List>("GET", `/api/livestream/search?q=${tag}&category=talk`)).body), [s.streamId], "category filter keeps it");
    assert.deepEqual(ids((await call<List>("GET", `/api/livestream/search?q=${tag}&category=music`)).body), [], "another category drops it");

    assert.equal((await call("PATCH", `/api/livestream/${s.streamId}`, { token: host.token, json: { title: `${newWord} stream`, category: "music" } })).status, 200);
    assert.deepEqual(await search(newWord), [s.streamId], "new title found at once");
    assert.deepEqual(await search(oldWord), [], "old title no longer matches");
    assert.deepEqual(ids((await call<List>("GET", `/api/livestream/search?q=${tag}&category=music`)).body), [s.streamId], "new category at once");

    assert.equal((await call("DELETE", `/api/livestream/${s.streamId}`, { token: host.token })).status, 200);
    assert.deepEqual(await search(newWord), [], "deleted: gone at once");
    assert.deepEqual(await search(tag), [], "the unlisted stream with the same tag never shows");
    assert.ok(hidden.streamId);
  });
});
