import { test } from "node:test";
import assert from "node:assert/strict";
import { decode } from "next-auth/jwt";
import { encodeSessionToken, nextAuthCookies, sessionCookie, sessionTokenFrom } from "@/lib/accounts/session-cookie";

const HTTP = "http://127.0.0.1:3000";
const HTTPS = "https://live.example.org";

test("the session cookie's name and Secure flag follow the public URL's scheme", () => {
  assert.deepEqual(sessionCookie(HTTP), { name: "next-auth.session-token", options: { httpOnly: true, sameSite: "lax", path: "/", secure: false } });
  assert.deepEqual(sessionCookie(HTTPS), { name: "__Secure-next-auth.session-token", options: { httpOnly: true, sameSite: "lax", path: "/", secure: true } });
});

test("over http only the plain cookie counts: a __Secure- one is not read", () => {
  assert.equal(sessionTokenFrom("__Secure-next-auth.session-token=planted", HTTP), null);
  assert.equal(sessionTokenFrom("__Secure-next-auth.session-token=planted; next-auth.session-token=mine", HTTP), "mine");
  assert.equal(sessionTokenFrom("next-auth.session-token=mine", HTTP), "mine");
});

test("over https only the __Secure- cookie counts: a plain one is not read", () => {
  assert.equal(sessionTokenFrom("next-auth.session-token=planted", HTTPS), null);
  assert.equal(sessionTokenFrom("next-auth.session-token=planted; __Secure-next-auth.session-token=mine", HTTPS), "mine");
});

test("chunked cookies are joined, under the scheme's name only", () => {
  assert.equal(sessionTokenFrom("next-auth.session-token.0=ab; next-auth.session-token.1=cd", HTTP), "abcd");
  assert.equal(sessionTokenFrom("__Secure-next-auth.session-token.0=ab; __Secure-next-auth.session-token.1=cd", HTTP), null);
  assert.equal(sessionTokenFrom("__Secure-next-auth.session-token.0=ab; __Secure-next-auth.session-token.1=cd", HTTPS), "abcd");
  assert.equal(sessionTokenFrom(undefined, HTTP), null);
  assert.equal(sessionTokenFrom("next-auth.session-token=%E0%A4%A", HTTP), null);
});

test("next-auth writes its cookies under the names and flag resolveActor reads", () => {
  assert.deepEqual(nextAuthCookies(HTTP), { useSecureCookies: false, cookies: { sessionToken: sessionCookie(HTTP) } });
  assert.deepEqual(nextAuthCookies(HTTPS), { useSecureCookies: true, cookies: { sessionToken: sessionCookie(HTTPS) } });
});

test("a form sign-in's token decodes as next-auth's own does", async () => {
  const secret = "s".repeat(40);
  const token = await encodeSessionToken({ id: "64b000000000000000000001", username: "ava", email: "ava@example.test" }, secret, 3);
  const claims = await decode({ token, secret });
  assert.equal(claims?.sub, "64b000000000000000000001");
  assert.equal(claims?.tv, 3, "the session carries its generation, so a logout everywhere ends it");
  assert.equal(claims?.name, "ava");
  assert.ok(typeof claims?.exp === "number" && claims.exp > Date.now() / 1000 + 29 * 24 * 3600);
});
