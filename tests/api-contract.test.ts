import { describe, test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { collectOperations } from "@/lib/openapi/collect";
import { API_ROUTES } from "@/lib/openapi/route-index";
import { BASE, call, newUser } from "./support/http";
import { createStream, type Err, type Ok } from "./support/streams";

/** node:http rather than fetch: fetch refuses to send TRACE at all. */
function raw(method: string, path: string): Promise<{ status: number; allow?: string; type?: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${BASE}${path}`, { method }, (res) => {
      let body = "";
      res.setEncoding("utf8").on("data", (c: string) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, allow: res.headers.allow, type: res.headers["content-type"], body }));
    });
    req.on("error", reject).end();
  });
}

describe("methods a route does not declare", () => {
  const byPath = new Map<string, string[]>();
  for (const op of collectOperations(API_ROUTES)) byPath.set(op.path, [...(byPath.get(op.path) ?? []), op.method.toUpperCase()]);

  test("are 405 METHOD_NOT_ALLOWED in the error envelope with Allow, on every documented path (TRACE was a 500)", async () => {
    for (const [path, methods] of byPath) {
      const url = path.replace(/\{\w+\}/g, "0123456789abcdef01234567");
      const expected = new Set([...methods, "OPTIONS", ...(methods.includes("GET") ? ["HEAD"] : [])]);
      for (const method of ["TRACE", "PUT", "PATCH", "DELETE", "POST", "QUERY"].filter((m) => !expected.has(m))) {
        const res = await raw(method, url);
        assert.equal(res.status, 405, `${method} ${path} → ${res.status} ${res.body.slice(0, 80)}`);
        assert.deepEqual(new Set(res.allow?.split(", ")), expected, `Allow of ${path}`);
        assert.match(res.type ?? "", /^application\/json/);
        const body = JSON.parse(res.body) as Err;
        assert.deepEqual([body.success, body.error.code], [false, "METHOD_NOT_ALLOWED"], `${method} ${path}`);
      }
    }
  });

  test("leave declared methods, HEAD and OPTIONS to the routes; unknown API paths stay 404", async () => {
    assert.equal((await raw("HEAD", "/api/livestream/trending")).status, 200);
    const options = await raw("OPTIONS", "/api/livestream/{id}/like".replace("{id}", "0123456789abcdef01234567"));
    assert.equal(options.status, 204);
    assert.deepEqual(new Set(options.allow?.split(", ")), new Set(["GET", "HEAD", "POST", "DELETE", "OPTIONS"]));
    for (const method of ["GET", "TRACE"]) {
      const res = await raw(method, "/api/no/such/route");
      assert.equal(res.status, 404, method);
      assert.equal((JSON.parse(res.body) as Err).error.code, "NOT_FOUND");
    }
  });
});

describe("a deleted stream", () => {
  test("is gone from every read and action on it, the like state included", async () => {
    const host = await newUser("del");
    const fan = await newUser("delfan");
    const s = await createStream(host);
    assert.equal((await call<Ok<{ liked: boolean }>>("POST", `/api/livestream/${s.streamId}/like`, { token: fan.token })).status, 200);
    assert.equal((await call("GET", `/api/livestream/${s.streamId}/chat`, { token: fan.token })).status, 200, "its snapshot is cached now");
    assert.equal((await call("DELETE", `/api/livestream/${s.streamId}`, { token: host.token })).status, 200);
    for (const [method, path] of [
      ["GET", ""],
      ["GET", "/like"],
      ["POST", "/like"],
      ["DELETE", "/like"],
      ["GET", "/chat"],
      ["POST", "/share"],
      ["POST", "/token"],
      ["GET", "/key"],
    ] as const) {
      const res = await call<Err>(method, `/api/livestream/${s.streamId}${path}`, { token: method === "GET" && path === "/key" ? host.token : fan.token });
      assert.equal(res.status, 404, `${method} ${path} after delete → ${res.status}`);
    }
    const chat = await call<Err>("POST", `/api/livestream/${s.streamId}/chat`, { token: fan.token, json: { message: "anyone?" } });
    assert.equal(chat.status, 404, "the chat path's cached snapshot was evicted on delete");
  });
});

describe("inputs the document describes", () => {
  test("scheduledFor is an ISO date-time with a time zone; outside the window it is 422, not 400", async () => {
    const host = await newUser("sched");
    for (const scheduledFor of [Date.now() + 3_600_000, "tomorrow", "2030-01-01T10:00", {}]) {
      const res = await call<Err>("POST", "/api/livestream/create", { token: host.token, json: { title: "t", category: "music", scheduledFor } });
      assert.equal(res.status, 400, JSON.stringify(scheduledFor));
      assert.ok(res.body.error.details?.some((d) => d.path === "scheduledFor"));
    }
    for (const scheduledFor of ["2001-01-01T00:00:00Z", new Date(Date.now() + 400 * 86_400_000).toISOString()]) {
      const res = await call<Err>("POST", "/api/livestream/create", { token: host.token, json: { title: "t", category: "music", scheduledFor } });
      assert.deepEqual([res.status, res.body.error.code], [422, "UNPROCESSABLE"], scheduledFor);
      assert.ok(res.body.error.details?.some((d) => d.path === "scheduledFor"));
    }
    const when = new Date(Date.now() + 86_400_000).toISOString().replace("Z", "+00:00");
    assert.equal((await call("POST", "/api/livestream/create", { token: host.token, json: { title: "t", category: "music", scheduledFor: when } })).status, 201);
  });

  test("login takes login, username or email with the password; blank names are refused", async () => {
    const u = await newUser("lg");
    for (const name of [{ login: u.username }, { username: u.username.toUpperCase() }, { email: ` ${u.email} ` }]) {
      assert.equal((await call("POST", "/api/auth/login", { json: { ...name, password: u.password } })).status, 200, JSON.stringify(name));
    }
    for (const json of [{ password: u.password }, { login: " \u00a0", password: u.password }]) {
      assert.equal((await call("POST", "/api/auth/login", { json })).status, 400, JSON.stringify(json));
    }
  });
});
