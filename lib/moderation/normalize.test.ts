import { test } from "node:test";
import assert from "node:assert/strict";
import { foldText, skeleton } from "@/lib/moderation/normalize";

test("foldText folds case, accents and compatibility forms (NFKD does fullwidth, math, circled, squared)", () => {
  for (const s of ["SPAM", "spåm", "ｓｐａｍ", "𝐬𝐩𝐚𝐦", "𝓼𝓹𝓪𝓶", "𝕤𝕡𝕒𝕞", "ⓢⓟⓐⓜ", "🅂🄿🄰🄼", "ˢᵖᵃᵐ", "ſpam", "śpâm̃"]) assert.equal(foldText(s), "spam", s);
});

test("foldText maps Cyrillic, Greek, small-capital and enclosed look-alikes", () => {
  assert.equal(foldText("Ѕраm"), "spam", "Cyrillic Ѕ р а");
  assert.equal(foldText("ЅРАМ"), "spam", "Cyrillic capitals");
  assert.equal(foldText("ΗΕΥ ΜΑΤΕ"), "hey mate", "Greek capitals read as Latin capitals, not as their small letters");
  assert.equal(foldText("ꜱᴘᴀᴍ"), "spam", "small capitals");
  assert.equal(foldText("🆂🅿🅰🅼 🅢🅟🅐🅜 🇸🇵🇦🇲"), "spam spam spam", "negative squared/circled letters, regional indicators");
  assert.equal(foldText("straße"), "strasse");
});

test("foldText drops zero-width and invisible characters", () => {
  assert.equal(foldText("s\u200bp\u200ca\u200dm"), "spam");
  assert.equal(foldText("s\u2060p\ufeffa\u00adm\u034f"), "spam");
  assert.equal(foldText("s\u180ep\u2063am"), "spam");
});

test("skeleton joins spelled-out letters and reads leetspeak inside words only", () => {
  assert.equal(skeleton("s p a m"), "spam");
  assert.equal(skeleton("s . p . a . m"), "s.p.a.m");
  assert.equal(skeleton("buy f o l l o w e r s now"), "buy followers now");
  assert.equal(skeleton("$p4m"), "spam");
  assert.equal(skeleton("sh!t happens!"), "shit happens!", "! is an i only before a letter");
  assert.equal(skeleton("h3ll0 w0rld"), "hello world");
  assert.equal(skeleton("f1ve"), "fıve", "1 stays ambiguous: i or l");
  assert.equal(skeleton("I scored 1 point in 3.14 s, 2024"), "i scored 1 point in 3.14 s, 2024", "numbers stay numbers");
  assert.equal(skeleton("a word"), "a word", "one single letter is no run");
});
