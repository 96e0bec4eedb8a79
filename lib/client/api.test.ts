import { afterEach, test } from "node:test";
import assert from "node:assert/strict";
import { LiveStreamError, request, unwrap } from "@/lib/client/api";
import { createEndpoints, paths } from "@/lib/client/endpoints";

const realFetch = globalThis.fetch;
afterEach(() => {
  globalThis.fetch = realFetch;
});

function fakeFetch(status: number, body: unknown, seen: { url?: string; init?: RequestInit } = {}) {
  globalThis.fetch = (async (url: string, init?: RequestInit) => {
    seen.url = url;
    seen.init = init;
    return new Response(typeof body === "string" ? body : JSON.stringify(body), { status });
  }) as typeof fetch;
  return seen;
}

test("unwrap returns the data or throws the server's error with code, status and details", () => {
  assert.deepEqual(unwrap({ success: true, data: { a: 1 } }), { a: 1 });
  const details = [{ path: "title", message: "is required" }, { path: "title", message: "second" }, { path: "tags.0", message: "bad" }, { nope: 1 }];
  assert.throws(
    () => unwrap({ success: false, error: { code: "VALIDATION_ERROR", message: "Invalid input", details } }, 400),
    (e: unknown) => e instanceof LiveStreamError && e.code === "VALIDATION_ERROR" && e.status === 400 && e.details === details,
  );
  assert.throws(() => unwrap(null, 502), (e: unknown) => e instanceof LiveStreamError && e.code === "BAD_RESPONSE" && e.status === 502);
});

test("fieldErrors keeps the first message per field path", () => {
  const e = new LiveStreamError("VALIDATION_ERROR", "Invalid input", { details: [{ path: "title", message: "is required" }, { path: "title", message: "later" }, { path: "tags.0", message: "bad" }, { message: "no path" }] });
  assert.deepEqual(e.fieldErrors(), { title: "is required", "tags.0": "bad" });
  assert.deepEqual(new LiveStreamError("FORBIDDEN", "no").fieldErrors(), {});
});

test("request sends JSON and the bearer token to the transport's base URL", async () => {
  const seen = fakeFetch(201, { success: true, data: { ok: true } });
  assert.deepEqual(await request({ baseUrl: "http://x.test", token: "t0k" }, "POST", "/api/p", { a: 1 }), { ok: true });
  assert.equal(seen.url, "http://x.test/api/p");
  assert.equal(seen.init?.method, "POST");
  assert.equal(seen.init?.body, JSON.stringify({ a: 1 }));
  assert.deepEqual(seen.init?.headers, { "Content-Type": "application/json", Authorization: "Bearer t0k" });
});

test("request turns an error envelope or a non-JSON body into LiveStreamError", async () => {
  fakeFetch(404, { success: false, error: { code: "NOT_FOUND", message: "Stream not found" } });
  await assert.rejects(request({}, "GET", "/api/x"), (e: unknown) => e instanceof LiveStreamError && e.code === "NOT_FOUND" && e.status === 404 && e.message === "Stream not found");
  fakeFetch(502, "<html>bad gateway</html>");
  await assert.rejects(request({}, "GET", "/api/x"), (e: unknown) => e instanceof LiveStreamError && e.code === "BAD_RESPONSE" && e.status === 502);
});

test("endpoints build their paths and query strings in one place", async () => {
  assert.equal(paths.follow("a b/c"), "/api/users/a%20b%2Fc/follow");
  const seen = fakeFetch(200, { success: true, data: { streams: [], pagination: { page: 1, limit: 24, hasMore: false } } });
  await createEndpoints(() => ({ baseUrl: "http://h.test" })).discovery.search({ q: "lo-fi beats", page: 2, category: undefined, limit: 24 });
  assert.equal(seen.url, "http://h.test/api/livestream/search?q=lo-fi+beats&page=2&limit=24");
  await createEndpoints().streams.act("0123456789abcdef01234567", "end");
  assert.equal(seen.url, "/api/livestream/0123456789abcdef01234567/end");
  assert.equal(seen.init?.method, "POST");
});

test("request gives up on a server that goes silent, before or after its headers, with TIMEOUT; an unreachable one is CONNECT_FAILED", { timeout: 10_000 }, async () => {
  const { createServer } = await import("node:http");
  // A real server: one route never answers, one sends its headers and then stalls in the body.
  const server = createServer((req, res) => {
    if (req.url === "/body") {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.write('{"success":true,');
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  try {
    for (const path of ["/silent", "/body"]) {
      const started = Date.now();
      await assert.rejects(request({ baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 300 }, "GET", path), (e: unknown) => e instanceof LiveStreamError && e.code === "TIMEOUT");
      assert.ok(Date.now() - started < 5000, `${path}: gave up after ${Date.now() - started} ms`);
    }
  } finally {
    server.closeAllConnections();
    server.close();
  }
  // The port is free again: nothing listens there.
  await assert.rejects(request({ baseUrl: `http://127.0.0.1:${port}` }, "GET", "/api/x"), (e: unknown) => e instanceof LiveStreamError && e.code === "CONNECT_FAILED");
});
