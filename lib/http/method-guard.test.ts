import { test } from "node:test";
import assert from "node:assert/strict";
import { methodGuard } from "@/lib/http/method-guard";

const handler = () => undefined;
const guard = methodGuard([
  { path: "/api/livestream/trending", module: { GET: handler } },
  { path: "/api/livestream/{id}", module: { GET: handler, PATCH: handler, DELETE: handler } },
  { path: "/api/livestream/{id}/like", module: { GET: handler, POST: handler, DELETE: handler } },
  { path: "/api/auth/login", module: { POST: handler } },
]);

test("a method a route does not export is 405 in the error envelope, with Allow", () => {
  for (const [method, url, allow] of [
    ["TRACE", "/api/livestream/trending?limit=3", "GET, HEAD, OPTIONS"],
    ["PUT", "/api/livestream/trending", "GET, HEAD, OPTIONS"],
    ["QUERY", "/api/livestream/0123456789abcdef01234567", "GET, PATCH, DELETE, HEAD, OPTIONS"],
    ["HEAD", "/api/auth/login", "POST, OPTIONS"],
  ] as const) {
    const r = guard(method, url);
    assert.equal(r?.status, 405, `${method} ${url}`);
    assert.equal(r.headers.Allow, allow);
    assert.deepEqual(JSON.parse(r.body).error.code, "METHOD_NOT_ALLOWED");
    assert.equal(JSON.parse(r.body).success, false);
  }
});

test("fixed segments win over parameters, as in Next's router", () => {
  assert.equal(guard("DELETE", "/api/livestream/trending")?.headers.Allow, "GET, HEAD, OPTIONS");
  assert.equal(guard("DELETE", "/api/livestream/abc"), null);
});

test("exported methods, HEAD beside GET and OPTIONS go on to Next; other paths are left alone", () => {
  for (const [method, url] of [["GET", "/api/livestream/trending"], ["HEAD", "/api/livestream/x/like"], ["OPTIONS", "/api/auth/login"], ["POST", "/api/auth/login"], ["TRACE", "/watch/x"], ["POST", "/api/auth/callback/credentials"], ["GET", "/api/nope"]] as const) {
    assert.equal(guard(method, url), null, `${method} ${url}`);
  }
});

test("a method Next cannot route on an unknown API path keeps the catch-all's 404", () => {
  const r = guard("TRACE", "/api/nope/deeper");
  assert.equal(r?.status, 404);
  assert.equal(JSON.parse(r.body).error.code, "NOT_FOUND");
});
