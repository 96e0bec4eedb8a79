import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomInt } from "node:crypto";
import type { Socket } from "socket.io-client";
import { BASE, call, newUser, type TestUser } from "./support/http";
import { act, createStream, type Ok } from "./support/streams";
import { ack, closeAll, collect, connect, connected, next, sleep, until } from "./support/sockets";
import { startApp, type AppProcess } from "../scripts/app-process";
import { freePort } from "../scripts/services/process";

/**
 * A second app process on the same database and Redis, behind "one trusted proxy" (this test client, which
 * writes X-Forwarded-For), with low per-address limits. Each test picks its own client addresses, so the
 * per-address buckets are its own. The limits it shares with the main app (per account, per user) are the
 * defaults on both, so they must hold across the two.
 */
let second: AppProcess;
const PER_IP = { LOGIN_RATE_LIMIT_PER_IP: 5, SOCKET_MAX_CONNECTIONS_PER_IP: 3, MEDIA_TOKEN_RATE_LIMIT_PER_IP: 3 };

before(async () => {
  const env = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => typeof e[1] === "string"));
  second = await startApp({ env: { ...env, TRUSTED_PROXIES: "1", ...Object.fromEntries(Object.entries(PER_IP).map(([k, v]) => [k, String(v)])) }, port: await freePort(), production: true, stdio: "pipe" });
});

after(async () => {
  closeAll();
  await second?.stop();
});

const randomIp = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;

type Reply = { status: number; body: { success: boolean; data?: unknown; error?: { code: string } }; cookies: string[] };

async function post(url: string, path: string, opts: { json?: unknown; xff?: string; cookie?: string; token?: string } = {}): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (opts.json !== undefined) headers["content-type"] = "application/json";
  if (opts.xff) headers["x-forwarded-for"] = opts.xff;
  if (opts.cookie) headers.cookie = opts.cookie;
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  const res = await fetch(`${url}${path}`, { method: "POST", headers, body: opts.json === undefined ? undefined : JSON.stringify(opts.json) });
  return { status: res.status, body: (await res.json()) as Reply["body"], cookies: res.headers.getSetCookie() };
}

async function liveStream() {
  const host = await newUser("ab");
  const s = await createStream(host);
  await act(host, s.streamId, "start");
  return { host, streamId: s.streamId };
}

async function viewers(streamId: string): Promise<number> {
  return (await call<Ok<{ analytics: { currentViewers: number } }>>("GET", `/api/livestream/${streamId}`)).body.data.analytics.currentViewers;
}

function refusal(s: Socket): Promise<string | undefined> {
  return new Promise((resolve) => {
    s.once("connect", () => resolve(undefined));
    s.once("connect_error", (e: Error & { data?: { code: string } }) => resolve(e.data?.code ?? e.message));
  });
}

describe("client addresses cannot be forged", () => {
  test("a forged left-most X-Forwarded-For does not change the login bucket", async () => {
    const client = randomIp();
    const codes: string[] = [];
    for (let i = 0; i <= PER_IP.LOGIN_RATE_LIMIT_PER_IP; i++) {
      // A fresh forged address each time, to the left of what the trusted proxy appended.
      const res = await post(second.url, "/api/auth/login", { xff: `${randomIp()}, ${client}`, json: { login: `nobody_${randomInt(1e9)}`, password: "wrong password" } });
      codes.push(res.body.error?.code ?? String(res.status));
    }
    assert.deepEqual(codes, [...Array<string>(PER_IP.LOGIN_RATE_LIMIT_PER_IP).fill("INVALID_CREDENTIALS"), "RATE_LIMITED"]);
  });

  test("sockets are counted under the same address, capped per address", async () => {
    const client = randomIp();
    const open: Socket[] = [];
    for (let i = 0; i < PER_IP.SOCKET_MAX_CONNECTIONS_PER_IP; i++) open.push(await connected(connect({ url: second.url, extraHeaders: { "x-forwarded-for": `${randomIp()}, ${client}` } })));
    assert.equal(await refusal(connect({ url: second.url, extraHeaders: { "x-forwarded-for": `${randomIp()}, ${client}` } })), "TOO_MANY_CONNECTIONS");
    assert.equal(await refusal(connect({ url: second.url, extraHeaders: { "x-forwarded-for": randomIp() } })), undefined, "another address is not affected");
    open[0]?.close();
    assert.ok(await until(async () => (await refusal(connect({ url: second.url, extraHeaders: { "x-forwarded-for": client } }))) === undefined, 3000), "a closed socket frees its slot");
  });
});

describe("anonymous abuse", () => {
  test("anonymous media tokens are limited per address; signed-in viewers are not counted there", async () => {
    const { streamId } = await liveStream();
    const client = randomIp();
    const statuses: number[] = [];
    for (let i = 0; i <= PER_IP.MEDIA_TOKEN_RATE_LIMIT_PER_IP; i++) statuses.push((await post(second.url, `/api/livestream/${streamId}/token`, { xff: `${randomIp()}, ${client}` })).status);
    assert.deepEqual(statuses, [...Array<number>(PER_IP.MEDIA_TOKEN_RATE_LIMIT_PER_IP).fill(200), 429]);
    const viewer = await newUser("tk");
    assert.equal((await post(second.url, `/api/livestream/${streamId}/token`, { xff: client, token: viewer.token })).status, 200);
  });

  test("an anonymous browser has one identity, issued and signed by the server, for presence and media", async () => {
    const { streamId } = await liveStream();
    // The first token request gets the browser its viewer cookie, and its identity is that cookie's.
    const first = await post(BASE, `/api/livestream/${streamId}/token`);
    assert.equal(first.status, 200);
    const cookie = first.cookies.find((c) => c.startsWith("streamhub-viewer="))?.split(";")[0] ?? "";
    const viewerId = /^streamhub-viewer=([a-f0-9]{16})-/.exec(cookie)?.[1];
    assert.ok(viewerId, `viewer cookie: ${first.cookies.join(" | ")}`);
    const identity = (first.body.data as { identity: string }).identity;
    assert.equal(identity, `guest_${viewerId}`);
    const again = await post(BASE, `/api/livestream/${streamId}/token`, { cookie });
    assert.equal((again.body.data as { identity: string }).identity, identity, "the same browser, the same LiveKit identity");
    assert.deepEqual(again.cookies, [], "a valid cookie is kept");
    // The watch page renders its media token for the same identity.
    const page = await fetch(`${BASE}/watch/${streamId}`, { headers: { accept: "text/html", cookie } });
    assert.ok((await page.text()).includes(identity), "the page's token is the browser's identity");

    // Presence: the browser's tabs (the cookie on the handshake) count once...
    const tabs = await Promise.all([0, 1].map(async () => connected(connect({ extraHeaders: { cookie } }))));
    for (const t of tabs) assert.equal((await ack(t, "join_stream", { streamId })).success, true);
    // ...while a key the client made up counts nothing: two sockets "sharing" it are two viewers.
    for (let i = 0; i < 2; i++) assert.equal((await ack(await connected(connect()), "join_stream", { streamId, viewerKey: "anon-key-123456" })).success, true);
    assert.ok(await until(async () => (await viewers(streamId)) === 3, 5000), `expected 3, got ${await viewers(streamId)}`);
  });

  test("a socket without a key is given one in `session`, and it counts as one viewer wherever it is presented", async () => {
    const { streamId } = await liveStream();
    const s1 = connect();
    const session = await next<{ user: null; viewerKey?: string }>(s1, "session");
    assert.match(session.viewerKey ?? "", /^[a-f0-9]{16}-[A-Za-z0-9_-]{22}$/);
    assert.equal((await ack(s1, "join_stream", { streamId })).success, true);
    const s2 = await connected(connect({ url: second.url, extraHeaders: { "x-forwarded-for": randomIp() } }));
    assert.equal((await ack(s2, "join_stream", { streamId, viewerKey: session.viewerKey })).success, true);
    await sleep(700);
    assert.equal(await viewers(streamId), 1);
  });

  test("a repeated join_stream is refused at once and changes nothing", async () => {
    const { streamId } = await liveStream();
    const u = await newUser("rj");
    const s = await connected(connect({ token: u.token }));
    assert.equal((await ack(s, "join_stream", { streamId })).success, true);
    const again = await ack(s, "join_stream", { streamId });
    assert.deepEqual([again.success, again.error?.code], [false, "CONFLICT"]);
    // Still in the room and counted once.
    const got = next<{ message: string }>(s, "stream_chat_message");
    await call("POST", `/api/livestream/${streamId}/chat`, { token: u.token, json: { message: "still here" } });
    assert.equal((await got).message, "still here");
    assert.ok(await until(async () => (await viewers(streamId)) === 1, 3000));
    // Leaving makes joining possible again.
    assert.equal((await ack(s, "leave_stream", { streamId })).success, true);
    assert.equal((await ack(s, "join_stream", { streamId })).success, true);
  });

  test("like/unlike/share are limited per user and their broadcasts coalesced per stream", async () => {
    const { streamId } = await liveStream();
    const watcher = await connected(connect());
    assert.equal((await ack(watcher, "join_stream", { streamId })).success, true);
    const updates = collect<{ likes: number; shares: number }>(watcher, "stream_engagement_update");
    const fans = await Promise.all([0, 1, 2, 3].map(() => newUser("lk")));
    // One after another: concurrent $inc on one document can lose updates on FerretDB (SQLite).
    const started = Date.now();
    const toggles = [...fans.map((f) => ["POST", f] as const), ...fans.slice(0, 2).map((f) => ["DELETE", f] as const)];
    for (const [method, f] of toggles) assert.equal((await call(method, `/api/livestream/${streamId}/like`, { token: f.token })).status, 200);
    const elapsed = Date.now() - started;
    assert.ok(await until(() => updates.at(-1)?.likes === 2, 4000), `last update: ${JSON.stringify(updates.at(-1))}`);
    await sleep(1200);
    // One broadcast per ENGAGEMENT_FLUSH_INTERVAL_MS (1 s) at most, whatever the number of toggles.
    assert.ok(updates.length < toggles.length && updates.length <= Math.ceil(elapsed / 1000) + 1, `${toggles.length} toggles in ${elapsed} ms made ${updates.length} broadcasts`);

    const toggler = fans[3] as TestUser;
    const codes: number[] = [];
    for (let i = 0; i < 31; i++) codes.push((await call(i % 2 ? "POST" : "DELETE", `/api/livestream/${streamId}/like`, { token: toggler.token })).status);
    assert.equal(codes.indexOf(429), 29, `statuses: ${codes.join(",")}`); // 1 like above + 29 toggles = 30 a minute
    assert.equal((await call("POST", `/api/livestream/${streamId}/share`, { token: toggler.token })).status, 429, "shares share the budget");
  });

  test("`authenticate` counts toward the per-user connection cap", async () => {
    const u = await newUser("au");
    const held: Socket[] = [];
    for (let i = 0; i < 10; i++) held.push(await connected(connect({ token: u.token })));
    const anon = await connected(connect());
    const refused = await ack(anon, "authenticate", { token: u.token });
    assert.deepEqual([refused.success, refused.error?.code], [false, "TOO_MANY_CONNECTIONS"]);
    held[0]?.close();
    assert.ok(await until(async () => (await ack(anon, "authenticate", { token: u.token })).success, 3000), "room again once one closes");
    assert.equal(await refusal(connect({ token: u.token })), "TOO_MANY_CONNECTIONS", "the upgraded socket holds its slot");
  });
});

describe("limits hold across app processes (shared Redis)", () => {
  test("the per-user connection cap spans both processes", async () => {
    const u = await newUser("xp");
    for (let i = 0; i < 5; i++) await connected(connect({ token: u.token }));
    for (let i = 0; i < 5; i++) await connected(connect({ url: second.url, token: u.token, extraHeaders: { "x-forwarded-for": randomIp() } }));
    assert.equal(await refusal(connect({ token: u.token })), "TOO_MANY_CONNECTIONS");
    assert.equal(await refusal(connect({ url: second.url, token: u.token, extraHeaders: { "x-forwarded-for": randomIp() } })), "TOO_MANY_CONNECTIONS");
  });

  test("a login lockout on one process holds on the other", async () => {
    const u = await newUser("xl");
    for (let i = 0; i < 5; i++) assert.equal((await post(BASE, "/api/auth/login", { json: { login: u.username, password: "wrong password" } })).status, 401);
    for (let i = 0; i < 5; i++) assert.equal((await post(second.url, "/api/auth/login", { xff: randomIp(), json: { login: u.username, password: "wrong password" } })).status, 401);
    // Ten failures in the window (LOGIN_RATE_LIMIT): even the right password waits, on either process.
    assert.equal((await post(BASE, "/api/auth/login", { json: { login: u.username, password: u.password } })).status, 429);
    assert.equal((await post(second.url, "/api/auth/login", { xff: randomIp(), json: { login: u.username, password: u.password } })).status, 429);
  });
});
