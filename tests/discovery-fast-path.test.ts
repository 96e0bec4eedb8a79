import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { startApp, type AppProcess } from "../scripts/app-process";
import { freePort } from "../scripts/services/process";
import { BASE, call, newUser, sessionCookie, uniqueName, type TestUser } from "./support/http";
import { act, createStream } from "./support/streams";

/**
 * server.ts answers trending and search itself (lib/http/fast-reads.ts), before Next. The reply must be
 * Next's own: this file starts a second app process on the same database and Redis with FAST_READS=false, so
 * Next routes these requests to the same route modules, and compares status, headers and body bytes for valid
 * and invalid queries and callers. The listings are one for every viewer (only public and paid streams, never
 * a private audience's, even to its followers or host): a signed-in caller filling the cache first must not
 * show anonymous callers anything more, nor the reverse.
 */
/** Written per connection by Node (Next streams the body chunked; the fast path sends its length). */
const TRANSPORT = new Set(["date", "connection", "keep-alive", "transfer-encoding", "content-length"]);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

type Seen = { status: number; headers: Record<string, string>; body: string };

/** fetch always sends Accept-Encoding; a client that sends none (curl, most API clients, the bench) goes through node:http. */
function getPlain(base: string, path: string): Promise<Seen> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${base}${path}`, { timeout: 15_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (!TRANSPORT.has(k) && typeof v === "string") headers[k] = k === "x-request-id" && UUID.test(v) ? "<uuid>" : v;
        resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString() });
      });
    });
    req.on("error", reject);
    req.on("timeout", () => req.destroy(new Error("timeout")));
  });
}

async function get(base: string, path: string, headers: Record<string, string> = {}): Promise<Seen> {
  const res = await fetch(`${base}${path}`, { headers, redirect: "manual", signal: AbortSignal.timeout(15_000) });
  const out: Record<string, string> = {};
  res.headers.forEach((v, k) => {
    if (!TRANSPORT.has(k)) out[k] = k === "x-request-id" && UUID.test(v) ? "<uuid>" : v;
  });
  return { status: res.status, headers: out, body: await res.text() };
}

let next: AppProcess;
let word = "";
let category = "";
let hostPublic: TestUser;
let hostPrivate: TestUser;
let follower: TestUser;
let followerCookie = "";
const made: Record<"public" | "followers" | "unlisted" | "scheduled", string> = { public: "", followers: "", unlisted: "", scheduled: "" };

before(async () => {
  word = uniqueName("fp").replace("_", "");
  category = "fitness";
  const env = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => typeof e[1] === "string"));
  // The reference app boots while the fixtures are made through the suite's app (the same database).
  const booting = freePort().then((port) => startApp({ env: { ...env, FAST_READS: "false", LOG_LEVEL: "warn" }, port, production: true, stdio: "pipe", timeoutMs: 90_000 }));
  [hostPublic, hostPrivate, follower] = await Promise.all([newUser("fph"), newUser("fpp"), newUser("fpf")]);
  const followed = await call("POST", `/api/users/${hostPrivate.id}/follow`, { token: follower.token });
  assert.ok(followed.status < 300, `follows the private host: ${followed.status}`);
  made.public = (await createStream(hostPublic, { title: `${word} open`, category, tags: [word] })).streamId;
  made.followers = (await createStream(hostPrivate, { title: `${word} friends`, category, streamType: "followers_only", tags: [word] })).streamId;
  made.unlisted = (await createStream(hostPrivate, { title: `${word} unlisted`, category, streamType: "unlisted" })).streamId;
  made.scheduled = (await createStream(hostPublic, { title: `${word} later`, category, scheduledFor: new Date(Date.now() + 86_400_000).toISOString() })).streamId;
  assert.equal((await act(hostPublic, made.public, "start")).status, 200);
  assert.equal((await act(hostPrivate, made.followers, "start")).status, 200);
  followerCookie = await sessionCookie(follower.username, follower.password);
  next = await booting;
  // Its log is not read here; drained so a full pipe never blocks it.
  next.child.stdout?.resume();
  next.child.stderr?.resume();
});

after(async () => {
  await next?.stop();
  if (hostPublic) await act(hostPublic, made.public, "end");
  if (hostPrivate) await act(hostPrivate, made.followers, "end");
});

/**
 * The same request to the fast path and to Next. Listings come from each process's own copy of the set, whose
 * counters are re-read every 5 s while asked: a counter that moved in between can differ for a moment, so a
 * differing pair is asked again for up to 12 s.
 */
async function compare(path: string, headers: Record<string, string> | "no Accept-Encoding" = {}): Promise<Seen> {
  const read = (base: string) => (headers === "no Accept-Encoding" ? getPlain(base, path) : get(base, path, headers));
  let fast: Seen | undefined;
  let viaNext: Seen | undefined;
  for (const deadline = Date.now() + 12_000; ; ) {
    [fast, viaNext] = [await read(BASE), await read(next.url)];
    if (JSON.stringify(fast) === JSON.stringify(viaNext) || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  assert.deepEqual(fast, viaNext, `${path} ${JSON.stringify(headers)}: fast path and Next differ`);
  assert.ok(fast && fast.status < 500, `${path}: ${fast?.status}`);
  return fast as Seen;
}

describe("discovery fast path", { timeout: 150_000 }, () => {
  test("answers as Next does: status, headers and bytes, for valid and invalid queries and callers", async () => {
    const q = encodeURIComponent(word);
    const cases: [string, (Record<string, string> | "no Accept-Encoding")?][] = [
      ["/api/livestream/trending"],
      ["/api/livestream/trending?limit=5"],
      [`/api/livestream/trending?limit=50&category=${category}`],
      [`/api/livestream/trending?category=${category}&limit=50`],
      ["/api/livestream/trending?category=nope"],
      ["/api/livestream/trending?limit=0"],
      ["/api/livestream/trending?limit=abc"],
      ["/api/livestream/trending?limit=51"],
      ["/api/livestream/trending?limit=5&limit=7"],
      ["/api/livestream/trending?extra=1"],
      ["/api/livestream/trending?category="],
      [`/api/livestream/search?q=${q}`],
      [`/api/livestream/search?q=${q}&category=${category}&limit=1&page=2`],
      [`/api/livestream/search?q=${q}+open`],
      [`/api/livestream/search?q=%20${q.toUpperCase()}%20`],
      ["/api/livestream/search"],
      ["/api/livestream/search?q="],
      ["/api/livestream/search?q=%ZZ"],
      ["/api/livestream/search?q=%CC%81"],
      ["/api/livestream/search?q=%E2%80%94"],
      [`/api/livestream/search?q=${"x".repeat(101)}`],
      [`/api/livestream/search?q=${q}&page=0`],
      [`/api/livestream/trending?limit=5`, { Authorization: "Bearer not-a-token" }],
      [`/api/livestream/search?q=${q}`, { Authorization: "Basic abc" }],
      [`/api/livestream/search?q=${q}`, { Authorization: `Bearer ${follower.token}` }],
      [`/api/livestream/search?q=${q}`, { Cookie: followerCookie }],
      [`/api/livestream/search?q=${q}`, { Cookie: "next-auth.session-token=garbage; theme=dark" }],
      [`/api/livestream/trending?limit=5`, { Origin: "https://elsewhere.example", Cookie: followerCookie }],
      // Next compresses above 1 kB as the client accepts (fetch decodes the body; the headers say which encoding).
      [`/api/livestream/search?q=${q}`, { "Accept-Encoding": "gzip, deflate, br, zstd" }],
      [`/api/livestream/trending?limit=20`, { "Accept-Encoding": "deflate" }],
      [`/api/livestream/trending?limit=20`, { "Accept-Encoding": "br" }],
      [`/api/livestream/trending?limit=20`, { "Accept-Encoding": "identity" }],
      [`/api/livestream/trending?limit=20`, { "Accept-Encoding": "gzip;q=0, deflate;q=0.5" }],
      [`/api/livestream/search?q=`, { "Accept-Encoding": "gzip" }],
      [`/api/livestream/trending?limit=20`, "no Accept-Encoding"],
      [`/api/livestream/search?q=${q}`, "no Accept-Encoding"],
      ["/api/livestream/search?q=", "no Accept-Encoding"],
    ];
    const statuses = new Set<number>();
    for (const [path, headers] of cases) statuses.add((await compare(path, headers)).status);
    assert.deepEqual([...statuses].sort(), [200, 400, 401], "the cases reach success, validation and authentication replies");
  });

  test("one listing for every caller: what a signed-in follower or host fills the cache with is what anyone gets, never a private stream", async () => {
    const q = encodeURIComponent(word);
    const callers: [string, Record<string, string>][] = [
      ["private host", { Authorization: `Bearer ${hostPrivate.token}` }],
      ["follower (token)", { Authorization: `Bearer ${follower.token}` }],
      ["follower (session)", { Cookie: followerCookie }],
      ["anonymous", {}],
    ];
    // Each order puts a different caller first, so each one fills the cache once for the others.
    for (let first = 0; first < callers.length; first++) {
      // A change clears the cached listings: the first caller of this round computes them afresh.
      assert.equal((await call("PATCH", `/api/livestream/${made.scheduled}`, { token: hostPublic.token, json: { title: `${word} later ${first}` } })).status, 200);
      const order = [...callers.slice(first), ...callers.slice(0, first)];
      const bodies = new Map<string, string>();
      for (const [who, headers] of order) {
        for (const path of [`/api/livestream/search?q=${q}&limit=50`, `/api/livestream/trending?category=${category}&limit=50`]) {
          const seen = await get(BASE, path, headers);
          assert.equal(seen.status, 200, `${who} ${path}`);
          const ids = (JSON.parse(seen.body) as { data: { streams: { id: string }[] } }).data.streams.map((s) => s.id);
          assert.ok(ids.includes(made.public), `${who} ${path}: the public stream`);
          for (const hidden of [made.followers, made.unlisted]) assert.ok(!ids.includes(hidden), `${who} ${path}: leaked ${hidden}`);
          if (path.includes("search")) assert.deepEqual(ids, [made.public, made.scheduled], `${who}: live first, then upcoming`);
          const prev = bodies.get(path);
          if (prev === undefined) bodies.set(path, seen.body);
          else assert.equal(seen.body, prev, `${who} ${path}: the same bytes as ${order[0]?.[0]}`);
        }
      }
    }
  });
});
