import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { Server } from "socket.io";
import { io as connectClient } from "socket.io-client";
import WebSocket from "ws";
import { forgetHandshake, releaseUpgradeResponse } from "@/lib/socket/lean-connections";

// A real Socket.IO server and real clients on loopback; the garbage collector decides what was let go.
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

async function collected(ref: WeakRef<object>): Promise<boolean> {
  for (let i = 0; i < 20 && ref.deref(); i++) {
    await new Promise((r) => setTimeout(r, 10));
    gc();
  }
  return ref.deref() === undefined;
}

/** A server as lib/socket/server.ts sets it up, keeping a weak reference to each connection's request. */
async function server(): Promise<{ io: Server; url: string; requests: WeakRef<IncomingMessage>[]; disconnects: () => number }> {
  const http = createServer();
  const io = new Server(http, { perMessageDeflate: false, httpCompression: false });
  io.engine.use(releaseUpgradeResponse);
  const requests: WeakRef<IncomingMessage>[] = [];
  let gone = 0;
  io.on("connection", (socket) => {
    requests.push(new WeakRef(socket.conn.request));
    forgetHandshake(socket);
    socket.on("echo", (x: unknown, ack: (y: unknown) => void) => ack(x));
    socket.on("disconnect", () => (gone += 1));
  });
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
  return { io, url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, requests, disconnects: () => gone };
}

/** A WebSocket client speaking the Engine.IO/Socket.IO protocol itself: open, CONNECT, one acknowledged event. */
function rawClient(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url.replace(/^http/, "ws")}/socket.io/?EIO=4&transport=websocket`);
    ws.on("error", reject);
    ws.on("message", (raw: Buffer) => {
      const m = raw.toString();
      if (m.startsWith("0{")) ws.send("40");
      else if (m.startsWith("40")) ws.send('421["echo","hi"]');
      else if (m === '431["hi"]') resolve(ws);
    });
  });
}

test("a WebSocket connection lets go of its upgrade request once connected, and still works and closes", { timeout: 15_000 }, async () => {
  const s = await server();
  try {
    const ws = await rawClient(s.url);
    assert.equal(s.requests.length, 1);
    // engine.io 6.6's WebSocketResponse would keep it for the connection's life (lib/socket/lean-connections.ts).
    assert.ok(await collected(s.requests[0]!), "the upgrade request is garbage once the connection is up");
    const answer = new Promise((r) => ws.once("message", (m: Buffer) => r(m.toString())));
    ws.send('422["echo","again"]');
    assert.equal(await answer, '432["again"]');
    ws.close();
    for (let i = 0; i < 100 && s.disconnects() === 0; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(s.disconnects(), 1, "the server sees the close");
  } finally {
    await s.io.close();
  }
});

test("a client that starts on long-polling and upgrades keeps working (the fallback behind proxies)", { timeout: 15_000 }, async () => {
  const s = await server();
  const client = connectClient(s.url, { reconnection: false, forceNew: true });
  try {
    await new Promise<void>((resolve, reject) => {
      client.once("connect", () => resolve());
      client.once("connect_error", reject);
    });
    assert.equal(await client.timeout(5000).emitWithAck("echo", "polled"), "polled");
    for (let i = 0; i < 100 && client.io.engine.transport.name !== "websocket"; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(client.io.engine.transport.name, "websocket", "upgraded");
    assert.equal(await client.timeout(5000).emitWithAck("echo", "upgraded"), "upgraded");
    assert.ok(await collected(s.requests[0]!), "the first polling request is let go too");
  } finally {
    client.close();
    await s.io.close();
  }
});
