import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { BASE, call, newUser, sessionCookie, uniqueName, type TestUser } from "./support/http";
import { createStream, type Err, type Ok, type StreamData } from "./support/streams";

const ORIGIN = new URL(BASE).origin;
const EVIL = "https://evil.example";

async function signedIn(): Promise<{ user: TestUser; cookie: string }> {
  const user = await newUser("csrf");
  return { user, cookie: await sessionCookie(user.username, user.password) };
}

async function myStreamCount(user: TestUser): Promise<number> {
  return (await call<Ok<{ streams: unknown[] }>>("GET", "/api/livestream/user/streams", { token: user.token })).body.data.streams.length;
}

describe("cross-site writes with the session cookie are refused", () => {
  test("a POST with the cookie and no Origin, a foreign or an opaque one is 403 CSRF_REJECTED and does nothing", async () => {
    const { user, cookie } = await signedIn();
    const refused: Record<string, string>[] = [{}, { Origin: EVIL }, { Origin: "null" }, { Origin: EVIL, "Sec-Fetch-Site": "cross-site" }, { "Sec-Fetch-Site": "same-site" }];
    for (const headers of refused) {
      const res = await call<Err>("POST", "/api/livestream/create", { json: { title: "Forged", category: "talk" }, headers: { Cookie: cookie, ...headers } });
      assert.equal(res.status, 403, JSON.stringify(headers));
      assert.equal(res.body.error.code, "CSRF_REJECTED");
    }
    assert.equal(await myStreamCount(user), 0, "nothing was created");
  });

  test("PATCH and DELETE with the cookie from another site are refused too", async () => {
    const { user, cookie } = await signedIn();
    const s = await createStream(user, { title: "Mine" });
    const patch = await call<Err>("PATCH", `/api/livestream/${s.streamId}`, { json: { title: "Hijacked" }, headers: { Cookie: cookie, Origin: EVIL } });
    const del = await call<Err>("DELETE", `/api/livestream/${s.streamId}`, { headers: { Cookie: cookie, Origin: EVIL } });
    assert.deepEqual([patch.status, patch.body.error.code, del.status, del.body.error.code], [403, "CSRF_REJECTED", 403, "CSRF_REJECTED"]);
    const after = await call<Ok<StreamData>>("GET", `/api/livestream/${s.streamId}`);
    assert.equal(after.body.data.title, "Mine");
  });

  test("the app's own origin, or the browser's Sec-Fetch-Site: same-origin, may write with the cookie", async () => {
    const { user, cookie } = await signedIn();
    const byOrigin = await call<Ok<{ streamId: string }>>("POST", "/api/livestream/create", { json: { title: "By origin", category: "talk" }, headers: { Cookie: cookie, Origin: ORIGIN } });
    assert.equal(byOrigin.status, 201);
    const byFetchMetadata = await call("POST", "/api/livestream/create", { json: { title: "By fetch metadata", category: "talk" }, headers: { Cookie: cookie, "Sec-Fetch-Site": "same-origin" } });
    assert.equal(byFetchMetadata.status, 201);
    const patch = await call("PATCH", `/api/livestream/${byOrigin.body.data.streamId}`, { json: { title: "Renamed" }, headers: { Cookie: cookie, Origin: ORIGIN } });
    assert.equal(patch.status, 200);
    assert.equal(await myStreamCount(user), 2);
  });

  test("bearer tokens are not ambient: any origin may use them; reads with the cookie are not writes", async () => {
    const { user, cookie } = await signedIn();
    const res = await call("POST", "/api/livestream/create", { token: user.token, json: { title: "Token", category: "talk" }, headers: { Origin: EVIL, Cookie: cookie } });
    assert.equal(res.status, 201);
    const me = await call<Ok<{ username: string }>>("GET", "/api/users/me", { headers: { Cookie: cookie, Origin: EVIL } });
    assert.equal(me.status, 200);
    assert.equal(me.body.data.username, user.username);
  });

  test("without a session cookie nothing is ambient: anonymous writes answer as before", async () => {
    const res = await call<Err>("POST", "/api/livestream/create", { json: { title: "Anon", category: "talk" }, headers: { Origin: EVIL } });
    assert.equal(res.status, 401);
    assert.equal(res.body.error.code, "UNAUTHENTICATED");
  });

  test("next-auth's own routes keep their CSRF token: a sign-in without it gets no session", async () => {
    const u = await newUser("na");
    const res = await fetch(`${BASE}/api/auth/callback/credentials`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: EVIL },
      body: new URLSearchParams({ login: u.username, password: u.password, json: "true" }),
    });
    assert.equal(res.headers.getSetCookie().some((c) => c.startsWith("next-auth.session-token=")), false);
    assert.ok(await sessionCookie(u.username, u.password), "with its token, sign-in works as before");
  });
});

describe("JSON bodies must say application/json", () => {
  const body = () => JSON.stringify({ login: uniqueName("ghost"), password: "whatever1" });

  test("look-alike content types are 415", async () => {
    for (const type of ["application/jsonx", "text/plain; application/json", "text/plain;charset=application/json", "application/x-www-form-urlencoded"]) {
      const res = await call<Err>("POST", "/api/auth/login", { raw: body(), headers: { "Content-Type": type } });
      assert.equal(res.status, 415, type);
      assert.equal(res.body.error.code, "UNSUPPORTED_MEDIA_TYPE");
    }
  });

  test("application/json with parameters, in any case, is JSON", async () => {
    for (const type of ["application/json", "application/json; charset=utf-8", "Application/JSON;charset=UTF-8"]) {
      const res = await call<Err>("POST", "/api/auth/login", { raw: body(), headers: { "Content-Type": type } });
      assert.equal(res.status, 401, type);
      assert.equal(res.body.error.code, "INVALID_CREDENTIALS");
    }
  });
});
