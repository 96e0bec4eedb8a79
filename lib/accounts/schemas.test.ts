import { test } from "node:test";
import assert from "node:assert/strict";
import { loginInput, registerInput } from "@/lib/accounts/schemas";

test("usernames: 3-24 letters, digits, underscores; reserved names refused", () => {
  const ok = (username: string) => registerInput.safeParse({ username, email: "a@b.co", password: "password1" }).success;
  assert.ok(ok("alice_01"));
  assert.ok(!ok("al"));
  assert.ok(!ok("a".repeat(25)));
  assert.ok(!ok("bad name"));
  assert.ok(!ok("<script>"));
  assert.ok(!ok("Admin"));
});

test("emails are normalised to lowercase; unknown fields are refused", () => {
  const r = registerInput.parse({ username: "bob", email: "Bob@Example.COM", password: "password1" });
  assert.equal(r.email, "bob@example.com");
  assert.equal(registerInput.safeParse({ username: "bob", email: "b@e.co", password: "password1", role: "admin" }).success, false);
});

test("login accepts login, username or email", () => {
  assert.equal(loginInput.parse({ username: "Bob", password: "x" }).login, "bob");
  assert.equal(loginInput.parse({ email: "B@E.co", password: "x" }).login, "b@e.co");
  assert.equal(loginInput.safeParse({ password: "x" }).success, false);
});
