import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import net from "node:net";
import { createClient } from "redis";
import { io as ioc } from "socket.io-client";
import { BASE, call, newUser } from "./support/http";
import { act, createStream, type Ok } from "./support/streams";
import { ack, closeAll, collect, connect, connected, next, sleep, until } from "./support/sockets";
import { startApp, type AppProcess } from "../scripts/app-process";
import { freePort } from "../scripts/services/process";

let second: AppProcess | undefined;

before(async () => {
  // A second app process on the same database and Redis: rooms and presence must span both.
  const env = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => typeof e[1] === "string"));
  second = await startApp({ env, port: await freePort(), production: true, stdio: "pipe" });
});

after(async () => {
  closeAll();
  await second?.stop();
});

async function liveStream() {
  const host = await newUser("sc");
  const s = await createStream(host);
  await act(host, s.streamId, "start");
  return { host, streamId: s.streamId };
}

async function viewers(streamId: string): Promise<number> {
  return (await call<Ok<{ analytics: { currentViewers: number } }>>("GET", `/api/livestream/${streamId}`)).body.data.analytics.currentViewers;
}

async function join(url: string, streamId: string, token?: string, viewerKey?: string) {
  const s = await connected(connect({ url, token }));
  const res = await ack(s, "join_stream", { streamId, ...(viewerKey ? { viewerKey } : {}) });
  assert.equal(res.success, true, JSON.stringify(res.error));
  return s;
}

describe("presence", () => {
  test("unique users across tabs, anonymous keys, processes and dropped connections", async () => {
    const { streamId } = await liveStream();
    const u = await newUser("tabs");
    const updates = collect<{ currentViewers: number }>(await join(BASE, streamId), "viewer_count_update"); // anonymous, no key: 1
    await join(BASE, streamId, u.token); // the user, tab 1
    const tab2 = await join(second?.url ?? "", streamId, u.token); // the user, tab 2 on the other process
    // An anonymous browser's key is one the server issued (`session` tells a socket without one its new key).
    const browserKey = (await next<{ viewerKey?: string }>(connect(), "session")).viewerKey;
    await join(BASE, streamId, undefined, browserKey); // an anonymous browser, tab 1
    await join(second?.url ?? "", streamId, undefined, browserKey); // the same browser, tab 2
    assert.ok(await until(async () => (await viewers(streamId)) === 3, 5000), `expected 3, got ${await viewers(streamId)}`);
    assert.ok(await until(() => updates.at(-1)?.currentViewers === 3, 3000), "viewer_count_update carries the count");

    // Tab 2 drops hard (TCP reset): the user still has tab 1, so the count holds.
    (tab2.io.engine as unknown as { transport: { ws: { _socket: net.Socket } } }).transport.ws._socket.destroy();
    await sleep(1500);
    assert.equal(await viewers(streamId), 3);
  });

  test("leaving and disconnecting lower the count", async () => {
    const { streamId } = await liveStream();
    const a = await join(BASE, streamId, (await newUser("lv")).token);
    const b = await join(second?.url ?? "", streamId, (await newUser("lv")).token);
    assert.ok(await until(async () => (await viewers(streamId)) === 2, 5000));
    assert.equal((await ack(a, "leave_stream", { streamId })).success, true);
    b.disconnect();
    assert.ok(await until(async () => (await viewers(streamId)) === 0, 5000), `got ${await viewers(streamId)}`);
  });
});

describe("scale-out through Redis", () => {
  test("a message sent on one process reaches viewers on the other", async () => {
    const { streamId } = await liveStream();
    const sender = await join(BASE, streamId, (await newUser("p1")).token);
    const remote = await join(second?.url ?? "", streamId);
    const got = next<{ message: string }>(remote, "stream_chat_message");
    await ack(sender, "stream_chat_message", { streamId, message: "across processes" });
    assert.equal((await got).message, "across processes");
  });

  test("a Redis restart loses no messages", async () => {
    const { streamId } = await liveStream();
    const u = await newUser("rr");
    const remote = await join(second?.url ?? "", streamId);
    const got = collect<{ message: string }>(remote, "stream_chat_message");
    // No reconnection for this client: the restart drops it, and one left reconnecting would keep this test's process alive.
    const admin = createClient({ url: process.env.REDIS_URL, socket: { reconnectStrategy: false } });
    admin.on("error", () => undefined);
    await admin.connect();
    await admin.sendCommand(["DEBUG", "RESTART"]).catch(() => undefined); // the connection drops with the restart
    if (admin.isOpen) admin.destroy();
    for (let i = 0; i < 5; i++) {
      const res = await call("POST", `/api/livestream/${streamId}/chat`, { token: u.token, json: { message: `during ${i}` } });
      assert.equal(res.status, 201);
    }
    assert.ok(await until(() => got.length === 5, 15_000), `received ${got.length} of 5 after the restart`);
    assert.deepEqual(got.map((m) => m.message), [0, 1, 2, 3, 4].map((i) => `during ${i}`));
  });

  test("a client that reconnects within seconds catches up on what it missed", async () => {
    const { streamId } = await liveStream();
    const u = await newUser("rc");
    const s = ioc(BASE, { transports: ["websocket"], reconnectionDelay: 200, reconnectionDelayMax: 500 });
    await connected(s);
    assert.equal((await ack(s, "join_stream", { streamId })).success, true);
    const got = collect<{ message: string }>(s, "stream_chat_message");
    (s.io.engine as unknown as { transport: { ws: { _socket: net.Socket } } }).transport.ws._socket.destroy();
    await until(() => !s.connected, 2000);
    await call("POST", `/api/livestream/${streamId}/chat`, { token: u.token, json: { message: "while you were away" } });
    assert.ok(await until(() => s.connected, 5000), "reconnected");
    assert.equal(s.recovered, true);
    assert.ok(await until(() => got.some((m) => m.message === "while you were away"), 5000), "missed message delivered");
    s.close();
  });
});

describe("hardening", () => {
  test("idle anonymous sockets are closed after the authentication timeout", async () => {
    const s = await connected(connect());
    const err = next<{ code: string }>(s, "stream_error", 5000);
    assert.equal((await err).code, "AUTH_TIMEOUT");
    assert.ok(await until(() => !s.connected, 2000));
  });

  test("oversized payloads and floods drop the offender, not the server", async () => {
    const u = await newUser("fl");
    const big = await connected(connect({ token: u.token }));
    big.emit("stream_chat_message", { streamId: "0123456789abcdef01234567", message: "x".repeat(20_000) });
    assert.ok(await until(() => !big.connected, 3000), "oversized packet closes the connection");

    const flood = await connected(connect({ token: u.token }));
    const acks: Promise<unknown>[] = [];
    for (let i = 0; i < 300; i++) acks.push(flood.timeout(3000).emitWithAck("stream_chat_typing", { streamId: "0123456789abcdef01234567" }).catch(() => null));
    const results = (await Promise.all(acks)) as ({ error?: { code: string } } | null)[];
    assert.ok(results.some((r) => r?.error?.code === "RATE_LIMITED"), "flooding is refused with a code");
    assert.ok(await until(() => !flood.connected, 3000), "repeated floods disconnect");

    const garbage = net.createConnection({ host: "127.0.0.1", port: Number(new URL(BASE).port) });
    garbage.write("GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAAAA==\r\nSec-WebSocket-Version: 13\r\n\r\n\x81\xfe\xff\xff garbage");
    await sleep(300);
    garbage.destroy();
    assert.equal((await call("GET", "/api/health")).status, 200, "the server is fine");
  });

  test("connections per user and streams per socket are limited", async () => {
    const u = await newUser("lim");
    const sockets = [];
    for (let i = 0; i < 10; i++) sockets.push(await connected(connect({ token: u.token })));
    const eleventh = connect({ token: u.token });
    const err = await next<Error & { data?: { code: string } }>(eleventh, "connect_error");
    assert.equal(err.data?.code, "TOO_MANY_CONNECTIONS");
    for (const s of sockets.slice(1)) s.close();

    const s0 = sockets[0];
    assert.ok(s0);
    const streams = await Promise.all(Array.from({ length: 6 }, () => liveStream()));
    for (const st of streams.slice(0, 5)) assert.equal((await ack(s0, "join_stream", { streamId: st.streamId })).success, true);
    const sixth = await ack(s0, "join_stream", { streamId: streams[5]?.streamId });
    assert.equal(sixth.error?.code, "TOO_MANY_STREAMS");
  });
});
