import { test } from "node:test";
import assert from "node:assert/strict";
import { call } from "./support/http";

type Health = { success: boolean; data: { status: string; checks: Record<string, { ok: boolean; latencyMs: number }> } };

test("/api/health reports each dependency with its latency", async () => {
  const res = await call<Health>("GET", "/api/health", { headers: { Authorization: `Bearer ${process.env.HEALTH_TOKEN}` } });
  assert.equal(res.status, 200);
  assert.equal(res.body.data.status, "ok");
  for (const dep of ["db", "livekit", "redis"]) {
    const check = res.body.data.checks[dep];
    assert.ok(check, `missing ${dep}`);
    assert.equal(check.ok, true);
    assert.equal(typeof check.latencyMs, "number");
  }
});

test("/api/openapi.json is an OpenAPI 3.1 document generated from the route schemas", async () => {
  const res = await call<{ openapi: string; paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties: Record<string, unknown> } }> } }>> }>("GET", "/api/openapi.json");
  assert.equal(res.status, 200);
  assert.equal(res.body.openapi, "3.1.0");
  const register = res.body.paths["/api/auth/register"]?.post;
  assert.ok(register);
  assert.deepEqual(Object.keys(register.requestBody?.content["application/json"]?.schema.properties ?? {}).sort(), ["displayName", "email", "password", "username"]);
  assert.ok(res.body.paths["/api/health"]?.get);
  for (const [path, method] of [["/api/livestream/{id}/token", "post"], ["/api/livestream/{id}/bans", "post"], ["/api/livestream/{id}/bans/{userId}", "delete"], ["/api/livestream/{id}/like", "get"]] as const) {
    assert.ok(res.body.paths[path]?.[method], `${method.toUpperCase()} ${path} is in the served document`);
  }
});

test("the API docs page renders the document for people", async () => {
  const res = await fetch(`${process.env.STREAMHUB_TEST_URL}/docs/api`);
  assert.equal(res.status, 200);
  const html = await res.text();
  assert.match(html, /API reference/);
  assert.match(html, /\/api\/auth\/register/);
});

test("unknown API routes answer 404 in the API's error shape", async () => {
  const res = await call<{ success: boolean; error: { code: string } }>("GET", "/api/definitely-not-here");
  assert.equal(res.status, 404);
  assert.equal(res.body.error.code, "NOT_FOUND");
});
