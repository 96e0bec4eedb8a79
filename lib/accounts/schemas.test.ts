import { test } from "node:test";
import assert from "node:assert/strict";
import { cleanDisplayName, loginInput, registerInput } from "@/lib/accounts/schemas";

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

test("display names refuse invisible and text-direction characters", () => {
  const parse = (displayName: string) => registerInput.safeParse({ username: "bob", email: "b@e.co", password: "password1", displayName });
  assert.equal(parse("Bob Builder").success, true);
  assert.equal(parse("Zoë 🎸").success, true);
  const hidden = ["\u200B", "\u200C", "\u200D", "\u200E", "\u200F", "\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068", "\u2069", "\uFEFF", "\u00AD", "\u2060", "\u0000", "\n", "\u2028"];
  for (const ch of hidden) {
    const r = parse(`ad${ch}min`);
    assert.equal(r.success, false, `U+${ch.codePointAt(0)?.toString(16).toUpperCase()} accepted`);
    assert.equal(r.error?.issues[0]?.path.join("."), "displayName");
  }
  assert.equal(parse("\u202Eevil").success, false, "a leading override is refused, not trimmed away");
});

test("usernames admit no invisible characters either", () => {
  for (const username of ["ad\u200Bmin_x", "bob\u202E", "\u2066bob"]) assert.equal(registerInput.safeParse({ username, email: "b@e.co", password: "password1" }).success, false);
});

test("display names from OAuth profiles lose their hidden characters", () => {
  assert.equal(cleanDisplayName("Ma\u200Bl\u202Elory\u2069"), "Mallory");
  assert.equal(cleanDisplayName("\u200B\uFEFF"), null);
  assert.equal(cleanDisplayName(null), null);
  assert.equal(cleanDisplayName("😀".repeat(60)), "😀".repeat(50));
});
