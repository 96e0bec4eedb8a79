import { test } from "node:test";
import assert from "node:assert/strict";
import { queryTerms, searchTerms } from "@/lib/streams/search-terms";

test("stores every word prefix, lowercased and without accents", () => {
  const terms = searchTerms(["Live Coding in Rust", "Café"]);
  for (const t of ["li", "live", "co", "cod", "coding", "rust", "ca", "cafe"]) assert.ok(terms.includes(t), t);
  assert.ok(!terms.includes("Live"));
});

test("query words match stored prefixes", () => {
  const terms = new Set(searchTerms(["Speedrunning Celeste", "gaming", "alice_streams"]));
  for (const q of ["speed", "CELESTE", "celes speedrun", "alice"]) assert.ok(queryTerms(q).every((t) => terms.has(t)), q);
  assert.ok(!queryTerms("chess").every((t) => terms.has(t)));
});

test("long words match by their first 16 characters and input is bounded", () => {
  const long = "supercalifragilisticexpialidocious";
  assert.ok(searchTerms([long]).includes(queryTerms(long)[0] ?? ""));
  assert.ok(searchTerms(["word ".repeat(10_000)]).length < 20);
  assert.equal(queryTerms("a b c d e f g h i j k").length, 8);
});
