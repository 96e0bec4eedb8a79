import { test } from "node:test";
import assert from "node:assert/strict";
import { hashPassword, verifyPassword } from "@/lib/accounts/password";

test("argon2id hashes verify the right password only", async () => {
  const h = await hashPassword("correct horse battery");
  assert.match(h, /^\$argon2id\$/);
  assert.equal(await verifyPassword(h, "correct horse battery"), true);
  assert.equal(await verifyPassword(h, "wrong"), false);
  assert.notEqual(await hashPassword("correct horse battery"), h, "salted");
});

test("a missing hash never verifies", async () => {
  assert.equal(await verifyPassword(null, "anything"), false);
  assert.equal(await verifyPassword("garbage", "anything"), false);
});
