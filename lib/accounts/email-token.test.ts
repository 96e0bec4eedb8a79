import { test } from "node:test";
import assert from "node:assert/strict";
import { EMAIL_TOKEN_TTL_MS, hashEmailToken, newEmailToken } from "@/lib/accounts/email-token";
import { verifyEmailQuery } from "@/lib/accounts/schemas";

test("a verification token is random, URL-safe, stored only as its hash, and expires in a day", () => {
  const now = new Date("2026-01-01T00:00:00Z");
  const a = newEmailToken(now);
  const b = newEmailToken(now);
  assert.match(a.token, /^[A-Za-z0-9_-]{43}$/);
  assert.notEqual(a.token, b.token);
  assert.equal(a.tokenHash, hashEmailToken(a.token));
  assert.match(a.tokenHash, /^[0-9a-f]{64}$/);
  assert.ok(!a.tokenHash.includes(a.token));
  assert.equal(a.expiresAt.getTime() - now.getTime(), EMAIL_TOKEN_TTL_MS);
  assert.equal(verifyEmailQuery.safeParse({ token: a.token }).success, true);
  assert.equal(verifyEmailQuery.safeParse({ token: "short" }).success, false);
});
