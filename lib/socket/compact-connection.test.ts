import { test } from "node:test";
import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { setFlagsFromString } from "node:v8";
import { Server, type Socket } from "socket.io";
import { io as connectClient, type Socket as ClientSocket } from "socket.io-client";
import { compactConnection, compactListeners } from "@/lib/socket/compact-connection";
import { SmallMap } from "@/lib/socket/small-map";

// V8's own answer to "is this object a hash table?", rather than a guess from sizes.
setFlagsFromString("--allow-natives-syntax");
const hasFastProperties = new Function("o", "return %HasFastProperties(o)") as (o: object) => boolean;

type Tables = { _events: object };
/** The connection's four emitters, as compact-connection.ts finds them. */
function emittersOf(socket: Socket): Record<string, Tables> {
  const conn = socket.conn as unknown as Tables & { transport: Tables & { socket?: Tables } };
  return { socketio: socket as unknown as Tables, engine: conn, transport: conn.transport, ws: conn.transport.socket! };
}

async function server(): Promise<{ io: Server; url: string; sockets: Socket[]; compacted: number[]; disconnects: () => number }> {
  const http = createServer();
  // As lib/socket/server.ts has it: with state recovery, `socket.emit` goes through the adapter to the socket's own room.
  const io = new Server(http, { perMessageDeflate: false, httpCompression: false, connectionStateRecovery: { maxDisconnectionDuration: 10_000, skipMiddlewares: true } });
  const sockets: Socket[] = [];
  const compacted: number[] = [];
  let gone = 0;
  io.on("connection", (socket) => {
    socket.onAny(() => undefined);
    socket.on("echo", (x: unknown, ack: (y: unknown) => void) => ack(x));
    socket.on("disconnect", () => (gone += 1));
    compacted.push(compactConnection(socket));
    sockets.push(socket);
  });
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
  return { io, url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, sockets, compacted, disconnects: () => gone };
}

async function connected(c: ClientSocket): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    c.once("connect", () => resolve());
    c.once("connect_error", reject);
  });
}

test("a listener table gets fast properties, the same listeners, and arrays of their own length", () => {
  const e = new EventEmitter();
  const a = () => undefined;
  const b = () => undefined;
  const c = () => undefined;
  e.on("one", a);
  e.on("two", a);
  e.on("two", b);
  e.once("three", c);
  assert.equal(hasFastProperties((e as unknown as Tables)._events), false, "Node's table is a hash table");
  assert.equal(compactListeners(e), true);
  const table = (e as unknown as Tables)._events as Record<string, unknown>;
  assert.equal(hasFastProperties(table), true);
  assert.deepEqual(e.eventNames(), ["one", "two", "three"]);
  assert.deepEqual(e.listeners("two"), [a, b]);
  assert.equal(table.toString, undefined, "nothing inherited can pass for a listener");
  assert.equal(e.listenerCount("constructor"), 0);
  // Behaviour after: emit, once, off, a later listener.
  const seen: string[] = [];
  e.on("one", () => seen.push("one'"));
  e.on("three", () => seen.push("three'"));
  e.removeListener("two", a);
  e.emit("one");
  e.emit("three");
  e.emit("three");
  assert.deepEqual(seen, ["one'", "three'", "three'"]);
  assert.deepEqual(e.listeners("two"), [b]);
  assert.deepEqual(e.listeners("three").length, 1, "the once listener went after its one call");
  assert.equal(compactListeners(e), false, "an already compact table is left alone");
});

test("a WebSocket connection's four listener tables become compact, and it still talks, listens and closes", { timeout: 15_000 }, async () => {
  const s = await server();
  const client = connectClient(s.url, { transports: ["websocket"], reconnection: false, forceNew: true });
  try {
    await connected(client);
    const [socket] = s.sockets;
    assert.deepEqual(s.compacted, [4], "four tables: the Socket.IO and engine.io sockets, the transport, the ws socket");
    for (const [name, e] of Object.entries(emittersOf(socket!))) assert.equal(hasFastProperties(e._events), true, `${name}'s table`);
    assert.equal(await client.timeout(5000).emitWithAck("echo", "hi"), "hi");
    // A listener added after compaction, and a message from the server.
    const later = new Promise((r) => socket!.once("later", r));
    client.emit("later", 42);
    assert.equal(await later, 42);
    const pushed = new Promise((r) => client.once("news", r));
    socket!.emit("news", "x");
    assert.equal(await pushed, "x");
    // Socket.IO's three Maps per connection are SmallMaps, and what they hold still works: an acknowledgement
    // the server waits for, the client's one socket by namespace (every packet is routed through it).
    const internals = socket as unknown as { acks: unknown; client: { sockets: unknown; nsps: SmallMap<string, Socket> } };
    for (const t of [internals.acks, internals.client.sockets, internals.client.nsps]) assert.ok(t instanceof SmallMap);
    assert.equal(internals.client.nsps.get("/"), socket);
    client.on("ask", (x: number, ack: (y: number) => void) => ack(x + 1));
    assert.equal(await socket!.timeout(5000).emitWithAck("ask", 1), 2);
    assert.equal(await Promise.all([1, 2, 3].map((x) => socket!.timeout(5000).emitWithAck("ask", x))).then((r) => r.join()), "2,3,4");
    // A room it joins still reaches it.
    await socket!.join("r");
    const roomNews = new Promise((r) => client.once("room-news", r));
    s.io.to("r").emit("room-news", "y");
    assert.equal(await roomNews, "y");
    client.close();
    for (let i = 0; i < 100 && s.disconnects() === 0; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(s.disconnects(), 1, "the server sees the close");
  } finally {
    client.close();
    await s.io.close();
  }
});

test("a connection that starts on long-polling is compacted again once it upgrades to WebSocket", { timeout: 15_000 }, async () => {
  const s = await server();
  const client = connectClient(s.url, { reconnection: false, forceNew: true });
  try {
    await connected(client);
    assert.equal(await client.timeout(5000).emitWithAck("echo", "polled"), "polled");
    const socket = s.sockets[0]!;
    assert.deepEqual(s.compacted, [3], "on long-polling, no ws socket yet");
    for (let i = 0; i < 100 && socket.conn.transport.name !== "websocket"; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(socket.conn.transport.name, "websocket", "upgraded");
    for (const [name, e] of Object.entries(emittersOf(socket))) assert.equal(hasFastProperties(e._events), true, `${name}'s table after the upgrade`);
    assert.equal(await client.timeout(5000).emitWithAck("echo", "upgraded"), "upgraded");
    // Closed by the server: the client's socket table (a SmallMap) is walked and emptied.
    const reason = new Promise((r) => client.once("disconnect", r));
    socket.disconnect(true);
    assert.equal(await reason, "io server disconnect");
    for (let i = 0; i < 100 && s.disconnects() === 0; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(s.disconnects(), 1);
    assert.equal(s.io.of("/").sockets.size, 0);
  } finally {
    client.close();
    await s.io.close();
  }
});
