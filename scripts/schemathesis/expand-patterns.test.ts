import { test } from "node:test";
import assert from "node:assert/strict";
import { expandPattern, expandPatterns } from "./expand-patterns";

test("expanded patterns match exactly what the originals match, code point by code point", () => {
  for (const original of ["^[\\p{L}\\p{N}_-]+$", "[\\p{L}\\p{N}]", "^a\\p{L}$"]) {
    const expanded = expandPattern(original);
    assert.doesNotMatch(expanded, /\\p\{/);
    const a = new RegExp(original, "u");
    const b = new RegExp(expanded, "u");
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const s = original.startsWith("^a") ? `a${String.fromCodePoint(cp)}` : String.fromCodePoint(cp);
      if (a.test(s) !== b.test(s)) assert.fail(`${original}: U+${cp.toString(16)} differs`);
    }
  }
});

test("only patterns change; other escapes and values stay", () => {
  assert.equal(expandPattern("^[A-Za-z0-9_]+$"), "^[A-Za-z0-9_]+$");
  assert.equal(expandPattern("[^\\t\\n]\\]"), "[^\\t\\n]\\]");
  assert.throws(() => expandPattern("\\p{Lu}"), /unsupported/);
  const doc = expandPatterns({ a: { pattern: "[\\p{N}]", description: "\\p{L}" }, pattern: { type: "string" } });
  assert.equal(doc.a.description, "\\p{L}");
  assert.deepEqual(doc.pattern, { type: "string" });
  assert.ok(doc.a.pattern.includes("0-9"));
});
