import { test } from "node:test";
import assert from "node:assert/strict";
import { cleanText, mentionsOf, segments, VISIBLE_TEXT } from "@/lib/chat/text";

test("cleanText strips control and bidi characters and collapses whitespace", () => {
  assert.equal(cleanText("  hi\n\tthere\u0000\u202e  "), "hi there");
  assert.equal(cleanText("<b>bold</b>"), "<b>bold</b>", "HTML stays text; it is escaped when rendered");
});

test("mentions are found once, lowercased", () => {
  assert.deepEqual(mentionsOf("hey @Alice and @bob_1, @alice again; mail a@b.co"), ["alice", "bob_1"]);
});

test("segments split text, mentions and http(s) links only", () => {
  assert.deepEqual(segments("see https://example.org/x. thanks @Kai!"), [
    { kind: "text", text: "see " },
    { kind: "link", href: "https://example.org/x", text: "https://example.org/x" },
    { kind: "text", text: ". thanks " },
    { kind: "mention", username: "Kai" },
    { kind: "text", text: "!" },
  ]);
  assert.deepEqual(segments("javascript:alert(1)"), [{ kind: "text", text: "javascript:alert(1)" }]);
});

test("VISIBLE_TEXT, the chat schemas' pattern, matches exactly the characters cleanText keeps", () => {
  for (let cp = 0; cp <= 0xffff; cp++) {
    const c = String.fromCharCode(cp);
    assert.equal(VISIBLE_TEXT.test(c), cleanText(c) !== "", `U+${cp.toString(16).padStart(4, "0")}`);
  }
});
