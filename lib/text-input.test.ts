import { test } from "node:test";
import assert from "node:assert/strict";
import { EMAIL, HTTP_URL, NOT_BLANK, trimmedText } from "@/lib/text-input";

test("NOT_BLANK spells out exactly what String.prototype.trim removes", () => {
  for (let cp = 0; cp <= 0xffff; cp++) {
    const c = String.fromCharCode(cp);
    assert.equal(NOT_BLANK.test(c), c.trim() !== "", `U+${cp.toString(16).padStart(4, "0")}`);
  }
});

test("trimmed text: limits apply to what is sent, required means a visible character", () => {
  const title = trimmedText(5, { required: true });
  assert.equal(title.parse("  ab "), "ab");
  assert.equal(title.safeParse("\u00a0\u3000").success, false);
  assert.equal(title.safeParse("abcdef").success, false);
  assert.equal(title.safeParse(" abcde").success, false, "six characters sent");
  assert.equal(trimmedText(5, { required: false }).parse("   "), "");
});

test("email and http(s) URL patterns: what both zod's rule and the document's format accept", () => {
  for (const ok of ["a@b.co", "o'neil+tag@mail.example.org", `${"a".repeat(64)}@b.co`, "x_y@a-b.c0m.io"]) assert.match(ok, EMAIL, ok);
  for (const bad of [`${"a".repeat(65)}@b.co`, "a.@b.co", ".a@b.co", "a..b@c.co", "a@b-.co", "a@-b.co", `a@${"b".repeat(64)}.co`, "a@b.c", "a b@c.co", "ä@b.co"]) assert.doesNotMatch(bad, EMAIL, bad);
  for (const ok of ["https://cdn.example.org/t/1.png?w=320&h=180#x", "http://localhost:3000/a%20b.jpg", "https://x.example"]) assert.match(ok, HTTP_URL, ok);
  for (const bad of ["ftp://x.example/a.png", "https://x.example/a b.png", "https://x.example/%zz", "https://x.example/[x]", "javascript:alert(1)", "https://a:123456/"]) assert.doesNotMatch(bad, HTTP_URL, bad);
});
