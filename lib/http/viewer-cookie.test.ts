import { test } from "node:test";
import assert from "node:assert/strict";
import type { IncomingMessage, ServerResponse } from "node:http";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { issueViewerKey } from "@/lib/accounts/viewer-key";
import { ensureViewerCookie, VIEWER_COOKIE, viewerIdFromCookie } from "@/lib/http/viewer-cookie";

function exchange(method: string, url: string, headers: Record<string, string> = {}) {
  const req = { method, url, headers: { ...headers } } as unknown as IncomingMessage;
  const cookies: string[] = [];
  const res = { appendHeader: (name: string, value: string) => void (name === "Set-Cookie" && cookies.push(value)) } as unknown as ServerResponse;
  ensureViewerCookie(req, res);
  return { req, cookies };
}

test("a page load or a media token request without a valid key gets one, usable by the same request", () => {
  for (const [method, url, headers] of [["GET", "/watch/abc", { accept: "text/html" }], ["POST", "/api/livestream/0123456789abcdef01234567/token", {}]] as const) {
    const { req, cookies } = exchange(method, url, { ...headers, cookie: "a=1; streamhub-viewer=forged" });
    assert.equal(cookies.length, 1, url);
    assert.match(cookies[0] ?? "", /^streamhub-viewer=[a-f0-9]{16}-[\w-]{22}; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax$/);
    const id = viewerIdFromCookie(req.headers.cookie);
    assert.ok(id && cookies[0]?.includes(id), "the request now carries the issued key, and only it");
    assert.match(req.headers.cookie ?? "", /^a=1; streamhub-viewer=/);
  }
});

test("a valid key is kept; assets, other API calls and bearer-token clients get none", () => {
  const key = issueViewerKey();
  assert.deepEqual(exchange("GET", "/watch/abc", { accept: "text/html", cookie: `streamhub-viewer=${key}` }).cookies, []);
  assert.deepEqual(exchange("GET", "/_next/static/chunk.js", { accept: "text/html" }).cookies, []);
  assert.deepEqual(exchange("GET", "/api/livestream/trending", { accept: "text/html" }).cookies, []);
  assert.deepEqual(exchange("GET", "/watch/abc", { accept: "image/avif" }).cookies, []);
  assert.deepEqual(exchange("POST", "/api/livestream/x/token", { authorization: "Bearer t" }).cookies, []);
});

test("a viewer id keeps none of the cookie header it was read from alive", () => {
  // A socket keeps its viewer's id for hours after the handshake dropped the headers (lib/socket/lean-connections.ts).
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  const heap = () => (gc(), process.memoryUsage().heapUsed);
  const before = heap();
  const ids: (string | null)[] = [];
  for (let i = 0; i < 8; i++) ids.push(viewerIdFromCookie(`other=${"x".repeat(1 << 20)}${i}; ${VIEWER_COOKIE}=${issueViewerKey()}`));
  const grown = heap() - before;
  assert.ok(ids.every((id) => /^[a-f0-9]{16}$/.test(id ?? "")));
  // Eight 1 MB headers: a slice would keep each one whole (8 MB). V8's own one-entry caches (split,
  // RegExp) may still hold the last header: 1 MB.
  assert.ok(grown < 2 << 20, `the ids kept ${(grown / 1024).toFixed(0)} kB alive`);
});
