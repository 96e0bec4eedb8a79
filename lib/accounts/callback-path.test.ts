import { test } from "node:test";
import assert from "node:assert/strict";
import { callbackPathSchema, safeCallbackPath } from "@/lib/accounts/schemas";

test("paths on this site are kept, with their query and fragment", () => {
  assert.equal(safeCallbackPath("/dashboard"), "/dashboard");
  assert.equal(safeCallbackPath("/watch/abc?x=1#chat"), "/watch/abc?x=1#chat");
  assert.equal(safeCallbackPath("/"), "/");
});

test("anything that could leave the site becomes the home page", () => {
  for (const raw of [
    "//evil.tld",
    "//evil.tld/path",
    "/\\evil.tld",
    "\\\\evil.tld",
    "/\t/evil.tld",
    "/\n/evil.tld",
    " //evil.tld",
    "/.//evil.tld",
    "https://evil.tld",
    "http://evil.tld/dashboard",
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "evil.tld",
    "",
    null,
    undefined,
  ]) {
    assert.equal(safeCallbackPath(raw), "/", JSON.stringify(raw));
  }
});

test("an absolute URL counts only on the given origin", () => {
  const origin = "http://127.0.0.1:3000";
  assert.equal(safeCallbackPath("http://127.0.0.1:3000/dashboard", origin), "/dashboard");
  assert.equal(safeCallbackPath("http://127.0.0.1:3000//evil.tld", origin), "/");
  assert.equal(safeCallbackPath("http://127.0.0.1:30000/x", origin), "/");
  assert.equal(safeCallbackPath("http://127.0.0.1:3000.evil.tld/x", origin), "/");
  assert.equal(safeCallbackPath("https://evil.tld/", origin), "/");
  assert.equal(safeCallbackPath("http://127.0.0.1:3000/x"), "/");
});

test("the form field schema never fails: a bad value is the home page", () => {
  assert.equal(callbackPathSchema.parse("/search?q=a"), "/search?q=a");
  assert.equal(callbackPathSchema.parse("//evil.tld"), "/");
  assert.equal(callbackPathSchema.parse(undefined), "/");
  assert.equal(callbackPathSchema.parse(42), "/");
});
