/**
 * Folding of chat text for the word filter: the text a viewer reads, reduced to the plain letters an evasion
 * hides behind accents, look-alike characters, zero-width characters, leetspeak and letter spacing. Both the
 * channel's terms and each message go through the same functions, so they meet in one alphabet.
 */

/**
 * Characters a sender slips between letters that render as nothing: soft hyphen, combining grapheme joiner,
 * Arabic letter mark, Hangul fillers, Khmer/Mongolian invisibles, zero-width space/joiners/marks, word joiner
 * and invisible operators, bidi controls, variation selectors, the BOM. (Combining marks go with \p{M}.)
 */
const INVISIBLE = /[\p{M}\u00ad\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufeff\uffa0]/gu;

/**
 * Look-alikes that NFKD leaves alone (it already folds fullwidth, mathematical alphanumerics, circled and
 * squared letters, superscripts, the long s). `CASED` pairs also fold their capital (Cyrillic А looks like A
 * as а looks like a); `EXACT` pairs are Greek, whose capitals and small letters resemble different Latin ones
 * (Η is H, η is n), and the small capitals of "font generator" text. "ı" stands for "i or l" (see LEET).
 */
const CASED = "аa бb вb гr еe ѕs іi јj кk мm нh оo пn рp сc тt уy хx ьb һh ԁd ԛq ԝw ӏı ѵv үy ғf";
const EXACT =
  "Αa Βb Εe Ζz Ηh Ιi Κk Μm Νn Οo Ρp Τt Υy Χx αa βb γy εe ηn κk νv οo ρp τt υu χx ωw ιi " +
  "ᴀa ʙb ᴄc ᴅd ᴇe ꜰf ɢg ʜh ɪi ᴊj ᴋk ʟl ᴍm ɴn ᴏo ᴘp ǫq ʀr ꜱs ᴛt ᴜu ᴠv ᴡw ʏy ᴢz øo đd ħh łl";

const HOMOGLYPHS = new Map<string, string>();
for (const pair of EXACT.split(" ")) {
  const [from, to] = [...pair];
  if (from && to) HOMOGLYPHS.set(from, to);
}
for (const pair of CASED.split(" ")) {
  const [from, to] = [...pair];
  if (!from || !to) continue;
  HOMOGLYPHS.set(from, to);
  HOMOGLYPHS.set(from.toUpperCase(), to);
}
HOMOGLYPHS.set("ß", "ss");

/** Enclosed letters without a decomposition: negative circled 🅐, negative squared 🅰, regional indicators 🇦. */
const ENCLOSED: readonly [number, number][] = [
  [0x1f150, 0x1f169],
  [0x1f170, 0x1f189],
  [0x1f1e6, 0x1f1ff],
];
const enclosedClass = ENCLOSED.map(([a, b]) => `\\u{${a.toString(16)}}-\\u{${b.toString(16)}}`).join("");
/** Only the characters the tables know call back: text without look-alikes is folded by native code alone. */
const IN_TABLES = new RegExp(`[${[...HOMOGLYPHS.keys()].join("")}${enclosedClass}]`, "gu");

function lookAlike(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  for (const [first, last] of ENCLOSED) if (cp >= first && cp <= last) return String.fromCharCode(97 + cp - first);
  return HOMOGLYPHS.get(ch) ?? ch;
}

/**
 * Case, accents, compatibility forms, look-alikes and invisible characters folded away: "Ｓ\u200bｐåΜ" → "spam".
 * Digits and symbols stay (leetspeak is decided per word by `skeleton`).
 */
export function foldText(text: string): string {
  return text.normalize("NFKD").replace(INVISIBLE, "").replace(IN_TABLES, lookAlike).toLowerCase();
}

/**
 * Leetspeak, applied only inside a word that has a letter (or $/@), so "1 2 3" and "3.14" stay numbers.
 * 1 and | read as either i or l: they become "ı", which the compiled terms accept for both.
 */
const LEET: Record<string, string> = { "0": "o", "1": "ı", "2": "z", "3": "e", "4": "a", "5": "s", "6": "g", "7": "t", "8": "b", "9": "g", $: "s", "@": "a", "|": "ı", "!": "i", "€": "e", "£": "l" };
const LEET_CHARS = /[0-9$@|€£]|!(?=[\p{L}\p{N}$@])/gu;
const MAYBE_LEET = /[0-9$@|!€£]/;
const LETTERISH = /[\p{L}$@€£]/u;
/** A word's letters, digits and leet symbols: a word whose core is one character is a spaced-out letter. */
const CORE = /[\p{L}\p{N}$@|€£]/u;

/** 0, 1 or 2 (meaning "more than one"): how many core characters a word has. */
function coreSize(word: string): number {
  const first = word.search(CORE);
  if (first < 0) return 0;
  const width = (word.codePointAt(first) ?? 0) > 0xffff ? 2 : 1;
  return CORE.test(word.slice(first + width)) ? 2 : 1;
}

/**
 * The form both terms and messages are matched in: folded, letters spelled out one by one joined ("s p a m" →
 * "spam"), leetspeak read as letters. Punctuation stays: the compiled pattern skips it between letters.
 */
export function skeleton(text: string): string {
  const words = foldText(text).split(/\s+/);
  const out: string[] = [];
  let run: string[] = [];
  let runLetters = 0;
  const flush = () => {
    if (runLetters >= 2) out.push(run.join(""));
    else out.push(...run);
    run = [];
    runLetters = 0;
  };
  for (const word of words) {
    if (!word) continue;
    const core = coreSize(word);
    // One character, or punctuation alone ("s . p . a . m"): part of a spelled-out run.
    if (core <= 1) {
      run.push(word);
      runLetters += core;
    } else {
      flush();
      out.push(word);
    }
  }
  flush();
  for (let i = 0; i < out.length; i++) {
    const word = out[i] ?? "";
    if (MAYBE_LEET.test(word) && LETTERISH.test(word)) out[i] = word.replace(LEET_CHARS, (c) => LEET[c] ?? c);
  }
  return out.join(" ");
}
