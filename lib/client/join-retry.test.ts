import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { Server, type Socket } from "socket.io";
import { EnhancedLiveStreamClient, LiveStreamError } from "@/lib/client/enhanced-live-stream-client";
import { joinWithRetry } from "@/lib/client/join-retry";

const STREAM = "0123456789abcdef01234567";
const ok = (data: unknown) => ({ success: true, data });
const refused = (code: string) => ({ success: false, error: { code, message: code } });
const joined = { stream: { id: STREAM }, history: [], nextBefore: null, nextAfter: null, currentViewers: 1, access: { role: "viewer", permissions: {}, timeoutUntil: null }, chatSettings: null };

/** A real Socket.IO server whose `join_stream` answers come from `script` (one per attempt); it records every call. */
async function server(script: ((ack: (a: unknown) => void) => void)[]) {
  const http = createServer(() => undefined);
  const io = new Server(http);
  const calls: string[] = [];
  let joins = 0;
  io.on("connection", (s: Socket) => {
    s.on("join_stream", (_p: unknown, ack: (a: unknown) => void) => {
      calls.push("join");
      (script[joins++] ?? ((a) => a(ok(joined))))(ack);
    });
    s.on("leave_stream", (_p: unknown, ack: (a: unknown) => void) => {
      calls.push("leave");
      ack(ok({ left: true }));
    });
  });
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(http.address() as { port: number }).port}`;
  const close = async () => {
    http.closeAllConnections();
    await io.close();
  };
  return { url, calls, close };
}

test("a join the server answers too late, then refuses as a second join, is left and made again", { timeout: 15_000 }, async () => {
  // 1st: the answer comes after the client gave up (the server did join); 2nd: CONFLICT; 3rd, after a leave: joined.
  const srv = await server([(ack) => setTimeout(() => ack(ok(joined)), 600), (ack) => ack(refused("CONFLICT"))]);
  const client = new EnhancedLiveStreamClient({ serverUrl: srv.url, token: "t", timeoutMs: 300 });
  const seen: string[] = [];
  try {
    const j = await joinWithRetry(client, STREAM, { baseMs: 20, onRetry: (e, n) => seen.push(`${n}:${e.code}`) });
    assert.equal(j.currentViewers, 1);
    assert.deepEqual(seen, ["1:TIMEOUT", "2:CONFLICT"]);
    assert.deepEqual(srv.calls, ["join", "leave", "join", "leave", "join"]);
  } finally {
    client.disconnect();
    await srv.close();
  }
});

test("a refusal of the viewer's own standing is not tried again", { timeout: 15_000 }, async () => {
  const srv = await server([(ack) => ack(refused("BANNED"))]);
  const client = new EnhancedLiveStreamClient({ serverUrl: srv.url, token: "t" });
  try {
    await assert.rejects(joinWithRetry(client, STREAM, { baseMs: 20 }), (e: unknown) => e instanceof LiveStreamError && e.code === "BANNED");
    assert.deepEqual(srv.calls, ["join"]);
  } finally {
    client.disconnect();
    await srv.close();
  }
});

test("a server that cannot be reached yet is tried until it answers; an abort ends the attempts", { timeout: 20_000 }, async () => {
  // A port with nothing listening: the first connection attempts fail (CONNECT_FAILED); the server then opens on it.
  const probe = await server([]);
  const { url } = probe;
  await probe.close();
  const client = new EnhancedLiveStreamClient({ serverUrl: url, token: "t", timeoutMs: 500 });
  const seen: string[] = [];
  let late: Awaited<ReturnType<typeof server>> | null = null;
  try {
    const joining = joinWithRetry(client, STREAM, {
      baseMs: 50,
      maxMs: 200,
      onRetry: (e, n) => {
        seen.push(e.code);
        // After two failures, the server comes up on the port the client keeps trying.
        if (n === 2) void reopen(url).then((s) => (late = s));
      },
    });
    const j = await joining;
    assert.equal(j.stream.id, STREAM);
    assert.ok(seen.length >= 2 && seen.every((c) => c === "CONNECT_FAILED"), seen.join());

    const stop = new AbortController();
    const dead = new EnhancedLiveStreamClient({ serverUrl: url.replace(/:\d+$/, ":1"), token: "t" });
    const attempts = joinWithRetry(dead, STREAM, { baseMs: 10_000, signal: stop.signal, onRetry: () => stop.abort(new Error("page closed")) });
    await assert.rejects(attempts, /page closed/);
    dead.disconnect();
  } finally {
    client.disconnect();
    await (late as Awaited<ReturnType<typeof server>> | null)?.close();
  }
});

async function reopen(url: string) {
  const port = Number(new URL(url).port);
  const http = createServer(() => undefined);
  const io = new Server(http);
  io.on("connection", (s: Socket) => s.on("join_stream", (_p: unknown, ack: (a: unknown) => void) => ack(ok(joined))));
  await new Promise<void>((r) => http.listen(port, "127.0.0.1", r));
  return {
    url,
    calls: [],
    close: async () => {
      http.closeAllConnections();
      await io.close();
    },
  };
}
