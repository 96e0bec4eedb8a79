import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { call, newUser, sessionCookie, uniqueName } from "./support/http";

type Err = { success: false; error: { code: string; message: string; details?: { path: string }[] } };
type Ok<T> = { success: true; data: T };
type AuthData = { user: Record<string, unknown> & { id: string; username: string; email: string }; token: string };

describe("POST /api/auth/register", () => {
  test("creates an account and returns the user and a bearer token", async () => {
    const username = uniqueName("reg");
    const res = await call<Ok<AuthData>>("POST", "/api/auth/register", { json: { username, email: `${username}@Example.test`, password: "correct horse" } });
    assert.equal(res.status, 201);
    assert.equal(res.body.success, true);
    assert.equal(res.body.data.user.username, username);
    assert.equal(res.body.data.user.email, `${username}@example.test`);
    assert.ok(res.body.data.token.split(".").length === 3);
    assert.equal("passwordHash" in res.body.data.user, false);
    assert.equal("tokenVersion" in res.body.data.user, false);
  });

  test("duplicate username (any case) and duplicate email are 409 with distinct codes", async () => {
    const u = await newUser("dup");
    const byName = await call<Err>("POST", "/api/auth/register", { json: { username: u.username.toUpperCase(), email: `other_${u.email}`, password: "password123" } });
    assert.equal(byName.status, 409);
    assert.equal(byName.body.error.code, "USERNAME_TAKEN");
    const byEmail = await call<Err>("POST", "/api/auth/register", { json: { username: uniqueName("dup"), email: u.email.toUpperCase(), password: "password123" } });
    assert.equal(byEmail.status, 409);
    assert.equal(byEmail.body.error.code, "EMAIL_TAKEN");
  });

  test("concurrent sign-ups with one username: exactly one wins", async () => {
    const username = uniqueName("race");
    const replies = await Promise.all(
      Array.from({ length: 5 }, (_, i) => call("POST", "/api/auth/register", { json: { username, email: `${username}${i}@example.test`, password: "password123" } })),
    );
    assert.deepEqual(replies.map((r) => r.status).sort(), [201, 409, 409, 409, 409]);
  });

  test("bad input is a 4xx with a code and field paths, never a 500", async () => {
    const wrongTypes = await call<Err>("POST", "/api/auth/register", { json: { username: 42, email: ["x"], password: null } });
    assert.equal(wrongTypes.status, 400);
    assert.equal(wrongTypes.body.error.code, "VALIDATION_ERROR");
    assert.deepEqual(wrongTypes.body.error.details?.map((d) => d.path).sort(), ["email", "password", "username"]);

    const huge = await call<Err>("POST", "/api/auth/register", { json: { username: "a".repeat(10_000), email: "x@y.zz", password: "password123" } });
    assert.equal(huge.status, 400);

    const tooBig = await call<Err>("POST", "/api/auth/register", { raw: JSON.stringify({ username: "abc", email: "x@y.zz", password: "p".repeat(100_000) }), headers: { "Content-Type": "application/json" } });
    assert.equal(tooBig.status, 413);
    assert.equal(tooBig.body.error.code, "PAYLOAD_TOO_LARGE");

    const notJson = await call<Err>("POST", "/api/auth/register", { raw: "{oops", headers: { "Content-Type": "application/json" } });
    assert.equal(notJson.status, 400);
    assert.equal(notJson.body.error.code, "INVALID_JSON");

    const wrongType = await call<Err>("POST", "/api/auth/register", { raw: "username=x", headers: { "Content-Type": "application/x-www-form-urlencoded" } });
    assert.equal(wrongType.status, 415);

    const extra = await call<Err>("POST", "/api/auth/register", { json: { username: uniqueName(), email: "e@x.yz", password: "password123", role: "admin" } });
    assert.equal(extra.status, 400);

    const shortPw = await call<Err>("POST", "/api/auth/register", { json: { username: uniqueName(), email: "e@x.yz", password: "short" } });
    assert.equal(shortPw.status, 400);
    assert.equal(shortPw.body.error.details?.[0]?.path, "password");
  });
});

describe("POST /api/auth/login", () => {
  test("accepts username or email and returns a working token", async () => {
    const u = await newUser("login");
    for (const body of [{ login: u.username }, { email: u.email }, { username: u.username.toUpperCase() }]) {
      const res = await call<Ok<AuthData>>("POST", "/api/auth/login", { json: { ...body, password: u.password } });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const me = await call<Ok<{ id: string }>>("GET", "/api/users/me", { token: res.body.data.token });
      assert.equal(me.body.data.id, u.id);
    }
  });

  test("a wrong password and an unknown user get the same 401", async () => {
    const u = await newUser("login");
    const wrong = await call<Err>("POST", "/api/auth/login", { json: { login: u.username, password: "not-the-password" } });
    const unknown = await call<Err>("POST", "/api/auth/login", { json: { login: uniqueName("ghost"), password: "whatever1" } });
    assert.equal(wrong.status, 401);
    assert.equal(unknown.status, 401);
    assert.deepEqual(wrong.body.error, unknown.body.error);
    assert.equal(wrong.body.error.code, "INVALID_CREDENTIALS");
  });

  test("attempts are rate-limited per account with Retry-After", async () => {
    const u = await newUser("brute");
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await call("POST", "/api/auth/login", { json: { login: u.username, password: `wrong-${i}` } })).status);
    assert.deepEqual(statuses.slice(0, 10), Array(10).fill(401));
    const limited = await call<Err>("POST", "/api/auth/login", { json: { login: u.username, password: u.password } });
    assert.equal(limited.status, 429);
    assert.equal(limited.body.error.code, "RATE_LIMITED");
    assert.ok(Number(limited.headers.get("retry-after")) > 0);
  });

  test("the per-account limit counts the username and the email of one account together", async () => {
    const u = await newUser("brute");
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await call("POST", "/api/auth/login", { json: { login: i % 2 ? u.email : u.username.toUpperCase(), password: `wrong-${i}` } })).status);
    assert.deepEqual(statuses, Array(10).fill(401));
    for (const login of [u.email, u.username]) {
      const limited = await call<Err>("POST", "/api/auth/login", { json: { login, password: u.password } });
      assert.equal(limited.status, 429, login);
    }
  });
});

describe("authentication of API calls", () => {
  test("no token, a bad token and a malformed header are 401 with codes", async () => {
    const none = await call<Err>("GET", "/api/users/me");
    assert.equal(none.status, 401);
    assert.equal(none.body.error.code, "UNAUTHENTICATED");
    const bad = await call<Err>("GET", "/api/users/me", { token: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.bad" });
    assert.equal(bad.status, 401);
    assert.equal(bad.body.error.code, "INVALID_TOKEN");
    const malformed = await call<Err>("GET", "/api/users/me", { headers: { Authorization: "Basic abc" } });
    assert.equal(malformed.status, 401);
  });

  test("logout revokes every bearer token of the user", async () => {
    const u = await newUser("logout");
    assert.equal((await call("GET", "/api/users/me", { token: u.token })).status, 200);
    assert.equal((await call("POST", "/api/auth/logout", { token: u.token })).status, 200);
    assert.equal((await call("GET", "/api/users/me", { token: u.token })).status, 401);
  });

  test("the browser's next-auth session cookie authenticates REST calls", async () => {
    const u = await newUser("cookie");
    const cookie = await sessionCookie(u.username, u.password);
    const me = await call<Ok<{ username: string }>>("GET", "/api/users/me", { headers: { Cookie: cookie } });
    assert.equal(me.status, 200);
    assert.equal(me.body.data.username, u.username);
    const forged = await call("GET", "/api/users/me", { headers: { Cookie: "next-auth.session-token=forged.value.here" } });
    assert.equal(forged.status, 401);
  });

  test("display names with invisible or text-direction characters are refused at sign-up", async () => {
    const res = await call<Err>("POST", "/api/auth/register", { json: { username: uniqueName("bidi"), email: `${uniqueName("bidi")}@example.test`, password: "password123", displayName: "admin\u202Egnp.exe" } });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.details?.[0]?.path, "displayName");
  });

  test("public profiles never show the email", async () => {
    const u = await newUser("pub");
    const res = await call<Ok<Record<string, unknown>>>("GET", `/api/users/${u.username}`);
    assert.equal(res.status, 200);
    assert.equal(res.body.data.username, u.username);
    assert.equal("email" in res.body.data, false);
    assert.equal((await call("GET", `/api/users/${uniqueName("nobody")}`)).status, 404);
  });
});
