import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { Server } from "socket.io";
import { EnhancedLiveStreamClient, LiveStreamError } from "@/lib/client/enhanced-live-stream-client";

test("an SDK call the server never answers fails with TIMEOUT, socket and REST alike", { timeout: 15_000 }, async () => {
  // A real Socket.IO server that takes the connection and acknowledges nothing; its HTTP routes never answer.
  const http = createServer(() => undefined);
  const io = new Server(http);
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(http.address() as { port: number }).port}`;
  const client = new EnhancedLiveStreamClient({ serverUrl: url, token: "t", timeoutMs: 300 });
  try {
    await assert.rejects(client.authenticate("t"), (e: unknown) => e instanceof LiveStreamError && e.code === "TIMEOUT" && (e.details as { event?: string }).event === "authenticate");
    await assert.rejects(client.updateStreamSettings("0123456789abcdef01234567", { title: "x" }), (e: unknown) => e instanceof LiveStreamError && e.code === "TIMEOUT");
  } finally {
    client.disconnect();
    http.closeAllConnections();
    await io.close();
  }
});
