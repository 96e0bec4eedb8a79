import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Socket } from "socket.io-client";
import { BASE, newUser, type TestUser } from "./support/http";
import { act, createStream } from "./support/streams";
import { ack, closeAll, connect, connected, next, sleep, until } from "./support/sockets";
import { livekitEvent, streamAnalytics } from "./support/analytics";
import { startApp, type AppProcess } from "../scripts/app-process";
import { freePort } from "../scripts/services/process";

/**
 * Two app processes on the same database and Redis: one person with a tab on each, an anonymous browser
 * with a tab on each, and the player's webhook landing on either, are one viewer and one view each. The
 * second process sits behind a trusted proxy (loopback), so the addresses it is forwarded place viewers.
 */
let second: AppProcess | undefined;

before(async () => {
  const env = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => typeof e[1] === "string"));
  second = await startApp({ env: { ...env, TRUSTED_PROXIES: "loopback" }, port: await freePort(), production: true, stdio: "pipe" });
});

after(async () => {
  closeAll();
  await second?.stop();
});

async function tab(url: string, streamId: string, opts: { token?: string; viewerKey?: string; forwardedFor?: string } = {}): Promise<Socket> {
  const s = await connected(connect({ url, token: opts.token, ...(opts.forwardedFor ? { extraHeaders: { "X-Forwarded-For": opts.forwardedFor } } : {}) }));
  const res = await ack(s, "join_stream", { streamId, ...(opts.viewerKey ? { viewerKey: opts.viewerKey } : {}) });
  assert.equal(res.success, true, JSON.stringify(res.error));
  return s;
}

describe("analytics across app processes", { timeout: 90_000 }, () => {
  test("tabs on two processes and the player are one viewer; leaving one process keeps the view, leaving both ends the stretch", async () => {
    const host = await newUser("ash");
    const u = await newUser("asu");
    const s = await createStream(host);
    assert.equal((await act(host, s.streamId, "start")).status, 200);
    const other = second?.url ?? "";
    const report = async () => (await streamAnalytics(host, s.streamId)).body.data;

    const a1 = await tab(BASE, s.streamId, { token: u.token });
    const a2 = await tab(other, s.streamId, { token: u.token });
    assert.equal(await livekitEvent("participant_joined", s.roomId, u.id), 200);
    const browserKey = (await next<{ viewerKey?: string }>(connect({ url: other }), "session")).viewerKey;
    const b1 = await tab(BASE, s.streamId, { viewerKey: browserKey });
    await tab(other, s.streamId, { viewerKey: browserKey });
    assert.ok(await until(async () => (await report()).currentViewers === 2, 5000), JSON.stringify(await report()));

    // The user closes the tab on the first process, then the player: still here (the second process's tab).
    a1.disconnect();
    assert.equal(await livekitEvent("participant_left", s.roomId, u.id), 200);
    await sleep(800);
    assert.equal((await report()).currentViewers, 2);
    // The last tab closes, and the user is back on the first process within the gap: the same view.
    a2.disconnect();
    assert.ok(await until(async () => (await report()).currentViewers === 1, 5000), "the user left");
    await tab(BASE, s.streamId, { token: u.token });
    b1.disconnect();
    await sleep(800);

    const live = await report();
    assert.deepEqual([live.currentViewers, live.totalViews, live.uniqueViewers, live.peakViewers], [2, 2, 2, 2]);
    assert.equal((await act(host, s.streamId, "end")).status, 200);
    const ended = await report();
    assert.deepEqual([ended.currentViewers, ended.totalViews, ended.uniqueViewers, ended.peakViewers], [0, 2, 2, 2]);
  });

  test("a country comes from the address the trusted proxy forwarded (socket handshake, media token); untrusted headers are ignored", async () => {
    const host = await newUser("asg");
    const [gb, us, spoof] = await Promise.all([newUser("asgb"), newUser("asus"), newUser("assp")]);
    const s = await createStream(host);
    assert.equal((await act(host, s.streamId, "start")).status, 200);
    const other = second?.url ?? "";
    // A socket through the proxy (a UK address), a player whose token came through it (Google's US resolver).
    await tab(other, s.streamId, { token: gb.token, forwardedFor: "81.2.69.160" });
    const token = await fetch(`${other}/api/livestream/${s.streamId}/token`, { method: "POST", headers: { Authorization: `Bearer ${us.token}`, "X-Forwarded-For": "8.8.8.8" } });
    assert.equal(token.status, 200);
    assert.equal(await livekitEvent("participant_joined", s.roomId, us.id), 200);
    // The first process trusts no proxy: a client's own header places nobody.
    await tab(BASE, s.streamId, { token: spoof.token, forwardedFor: "81.2.69.160" });
    const report = async (u: TestUser) => (await streamAnalytics(u, s.streamId)).body.data;
    assert.ok(await until(async () => (await report(host)).uniqueViewers === 3, 5000));
    assert.deepEqual((await report(host)).geography, [{ name: "GB", viewers: 1 }, { name: "US", viewers: 1 }, { name: "ZZ", viewers: 1 }]);
    assert.equal((await act(host, s.streamId, "end")).status, 200);
  });
});
