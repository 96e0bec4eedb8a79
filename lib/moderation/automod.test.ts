import { test } from "node:test";
import assert from "node:assert/strict";
import {
  CAPS_MIN_LETTERS,
  EMOJI_DENSE_MIN,
  EMOJI_MAX,
  compileTerms,
  hasLink,
  isEmoteOnly,
  screenText,
  withinEdits,
  type ScreenRules,
} from "@/lib/moderation/automod";

const TERMS = ["spam", "buy followers", "ass", "scam*", "idiot", "hell", "cunt", "L", "1488"];
const matcher = compileTerms(TERMS);
const blocked = (text: string) => matcher?.test(text) ?? false;

/** Evasions of the list above, one trick per line and then combined: every one must be caught. */
const EVASIONS = [
  "spam",
  "SPAM",
  "Spam.",
  "#spam",
  "what a spam's",
  "spåm",
  "śpàm̈",
  "Ѕраm",
  "Ѕ Р А М",
  "ｓｐａｍ",
  "𝐬𝐩𝐚𝐦",
  "𝓼𝓹𝓪𝓶",
  "ⓢⓟⓐⓜ",
  "⒮⒫⒜⒨",
  "🆂🅿🅰🅼",
  "🇸🇵🇦🇲",
  "ꜱᴘᴀᴍ",
  "s\u200bp\u200ba\u200bm",
  "sp\u00adam",
  "s\u2060p\ufeffa\u034fm",
  "$p4m",
  "s p a m",
  "s  .  p  .  a  .  m",
  "S.P.A.M!!!",
  "s-p-a-m",
  "s_p_a_m",
  "s*p*a*m",
  "s🔥p🔥a🔥m",
  "this is sp.am",
  "sppppaaaammm",
  "s s s p a a a m",
  "spamspam? no: spam🔥spam",
  "buy followers",
  "BUY-FOLLOWERS",
  "buyfollowers",
  "buy   f0ll0wers",
  "buy f o l l o w e r s today",
  "b̶u̶y̶ ᶠᵒˡˡᵒʷᵉʳˢ",
  "a$$",
  "@ss",
  "4 $ $",
  "scam",
  "scammer",
  "SC4MMING",
  "1d10t",
  "id!ot",
  "ΙDΙΟΤ",
  "what an 𝒾𝒹𝒾ℴ𝓉",
  "h e l l",
  "HELLLLL",
  "L",
  "LLLL",
  "1488",
];

/** Ordinary chat the same list must let through. */
const INNOCENTS = [
  "class",
  "assessment",
  "embarrassing pass",
  "Scunthorpe United",
  "spa market",
  "I was at the spa, market day tomorrow",
  "spammer",
  "as seen on tv",
  "grass and bass",
  "idiotic",
  "he'll be fine",
  "hello shell",
  "Buy more followers? no thanks",
  "I scored 1 point in 3.14 s",
  "I am ill",
  "Llama",
  "lol",
  "a b c",
  "ok",
  "14 88 keys",
];

test("the word filter catches every evasion of the list", () => {
  const missed = EVASIONS.filter((s) => !blocked(s));
  assert.deepEqual(missed, []);
  assert.ok(EVASIONS.length >= 30);
});

test("the word filter lets ordinary chat through: terms match whole words only", () => {
  const hit = INNOCENTS.filter(blocked);
  assert.deepEqual(hit, []);
  assert.ok(INNOCENTS.length >= 15);
});

test("a term's repeated letters need at least as many in the message; * takes any ending", () => {
  const m = compileTerms(["ass", "spam*"]);
  assert.equal(m?.test("as"), false);
  assert.equal(m?.test("asssss"), true);
  assert.equal(m?.test("spamming"), true);
  assert.equal(m?.test("spa"), false);
});

test("compileTerms returns null without a usable term", () => {
  assert.equal(compileTerms([]), null);
  assert.equal(compileTerms(["  ", "*", "..."]), null);
});

test("links: URLs, www, bare and disguised domains; not abbreviations, numbers or file names", () => {
  const links = ["https://x.example", "see http://a.b/c", "www.evil.com", "evil.com", "EVIL.COM!", "bit.ly/x", "t.me/joinus", "youtu.be/abc", "sub.domain.co.uk", "evil . com", "evil .com", "evil[.]com", "evil(dot)com", "evil dot com", "ｅｖｉｌ．ｃｏｍ", "evil\u2024com", "evil﹒com", "evil。com", "evil dоt com", "еvil.соm", "hxxp://evil", "mail a@b.com"];
  const texts = ["e.g. this", "i.e. that", "pi is 3.14", "file.txt", "node.js rocks", "readme.md", "it.is fine", "I like it. Net worth", "Great game. Come on", "wait...com", "user@host", "and/or", "version 1.2.3"];
  assert.deepEqual(links.filter((s) => !hasLink(s)), []);
  assert.deepEqual(texts.filter(hasLink), []);
});

test("emote-only: emoji (ZWJ sequences, skin tones, flags, keycaps) and whitespace only", () => {
  for (const s of ["🔥", "🔥 🔥🔥", "👩‍👩‍👧", "👍🏽", "🧑🏽‍🚀", "🇫🇷🇯🇵", "🏴󠁧󠁢󠁳󠁣󠁴󠁿", "1️⃣", "❤️", " 😂 "]) assert.equal(isEmoteOnly(s), true, s);
  for (const s of ["🔥 nice", "hi", "1", ":)", "", "   ", "🔥!"]) assert.equal(isEmoteOnly(s), false, JSON.stringify(s));
});

const AUTO: ScreenRules = { terms: null, blockLinks: false, emoteOnly: false, autoModeration: true };
const code = (text: string, rules: ScreenRules = AUTO, recent?: string[]) => screenText(text, rules, recent)?.code ?? null;

test("excessive caps: enough cased letters and more than 70% capitals; mentions, links and caseless scripts aside", () => {
  assert.equal(code("THIS IS SO LOUD RIGHT NOW"), "EXCESSIVE_CAPS");
  assert.equal(code("WHAT A PLAY BY him"), "EXCESSIVE_CAPS");
  assert.equal(code("WHAT A PLAY by him"), null, "64% capitals");
  assert.equal(code("GG WP"), null, "too short");
  assert.equal(code("A".repeat(CAPS_MIN_LETTERS - 1)), null);
  assert.equal(code("A".repeat(CAPS_MIN_LETTERS)), "EXCESSIVE_CAPS");
  assert.equal(code("What A Play That Was By Them"), null, "title case");
  assert.equal(code("ok @STREAMERNAME_HERE https://EXAMPLE.COM/ABCDEF"), null);
  assert.equal(code("GG 这是一个非常非常非常长的中文句子"), null);
  assert.equal(code("THIS IS SO LOUD RIGHT NOW", { ...AUTO, autoModeration: false }), null);
});

test("emoji flood: more than EMOJI_MAX, or a dense wall of EMOJI_DENSE_MIN; a few are fine", () => {
  assert.equal(code("🔥🔥🔥"), null);
  assert.equal(code("🔥".repeat(EMOJI_DENSE_MIN - 1)), null);
  assert.equal(code("🔥".repeat(EMOJI_DENSE_MIN)), "EMOJI_FLOOD");
  assert.equal(code(`what a play, that was amazing ${"👏".repeat(EMOJI_DENSE_MIN)}`), null, "mostly text");
  assert.equal(code(`what a play, that was amazing ${"👏".repeat(EMOJI_MAX + 1)}`), "EMOJI_FLOOD");
  assert.equal(code("👩‍👩‍👧 ".repeat(EMOJI_DENSE_MIN - 1)), null, "a ZWJ family counts once");
});

test("repeated messages: the same or near-identical as a recent one; short ones may repeat", () => {
  assert.equal(code("nice play everyone", AUTO, ["nice play everyone"]), "REPEATED_MESSAGE");
  assert.equal(code("NICE   play everyone!!!", AUTO, ["hi", "nice play everyoneeee"]), "REPEATED_MESSAGE");
  assert.equal(code("nice play everyone, truly", AUTO, ["nice play everyone, truely"]), "REPEATED_MESSAGE", "one edit");
  assert.equal(code("nice play everyone, truly", AUTO, ["nice play everybody, truly"]), null, "three edits of 22 (10% is 2)");
  assert.equal(code("nice play everyone", AUTO, ["what a game everyone"]), null);
  assert.equal(code("gg", AUTO, ["gg"]), null);
  assert.equal(code("lol", AUTO, ["lol"]), null);
  assert.equal(code("nice play everyone", AUTO, []), null);
  assert.equal(code("nice play everyone", { ...AUTO, autoModeration: false }, ["nice play everyone"]), null);
});

test("withinEdits is Levenshtein within a bound", () => {
  assert.equal(withinEdits("kitten", "sitting", 3), true);
  assert.equal(withinEdits("kitten", "sitting", 2), false);
  assert.equal(withinEdits("abc", "abcdef", 2), false);
  assert.equal(withinEdits("", "ab", 2), true);
});

test("screenText: the first refusal in order (term, link, emote-only, caps, emoji, repeat), with a readable message", () => {
  const all: ScreenRules = { terms: compileTerms(["spam"]), blockLinks: true, emoteOnly: true, autoModeration: true };
  const loud = "SPAM AT EVIL.COM RIGHT NOW 🔥🔥🔥🔥🔥🔥🔥🔥";
  assert.equal(code(loud, all, [loud]), "BLOCKED_TERM");
  assert.equal(code(loud, { ...all, terms: null }, [loud]), "LINKS_BLOCKED");
  assert.equal(code(loud, { ...all, terms: null, blockLinks: false }, [loud]), "EMOTE_ONLY");
  assert.equal(code(loud, { ...all, terms: null, blockLinks: false, emoteOnly: false }, [loud]), "EXCESSIVE_CAPS");
  const both = `THIS IS SO LOUD RIGHT NOW ${"🔥".repeat(EMOJI_MAX + 1)}`;
  assert.equal(code(both, { ...all, terms: null, emoteOnly: false }), "EXCESSIVE_CAPS");
  assert.equal(code("🔥".repeat(20), all, ["🔥".repeat(20)]), "EMOJI_FLOOD");
  assert.equal(code("🔥🔥🔥🔥", all, ["🔥🔥🔥🔥"]), "REPEATED_MESSAGE");
  assert.equal(code("evil.com", { ...all, blockLinks: false, emoteOnly: false }), null);
  const refusal = screenText("spam", all);
  assert.match(refusal?.message ?? "", /^[A-Z].+\.$/);
  assert.equal(screenText("hello there", { terms: null, blockLinks: true, emoteOnly: false, autoModeration: true }), null);
});
