import { test } from "node:test";
import assert from "node:assert/strict";
import { NOT_BLANK, trimmedText } from "@/lib/text-input";

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
