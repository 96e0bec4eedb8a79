import { skeleton } from "@/lib/moderation/normalize";

export type TermMatcher = { test(text: string): boolean };

/**
 * The word filter matches over "runs": maximal repeats of one letter, joined through in-word separators
 * ("sppp.aaam" is s·p3·a3·m). A term is a path of (letter, at least n) steps in a trie, so a message is scanned
 * once from each word start with no backtracking blow-up, whatever the size of the word list.
 */
/**
 * Before a run: 0 nothing; 1 in-word separators only (".", "_", "-", emoji…); 2 a word break (space, start);
 * 3 an apostrophe, which ends a word without starting one ("he'll" holds no word "ll").
 */
type Gap = 0 | 1 | 2 | 3;
type Run = { ch: string; n: number; gap: Gap };
type Edge = { ch: string; min: number; newWord: boolean; to: Node };
type Node = { edges: Map<string, Edge[]>; whole: boolean; prefix: boolean };

const node = (): Node => ({ edges: new Map(), whole: false, prefix: false });

/** "ı" is the skeleton's 1 or |: read as i or as l. */
const READS_AS: Record<string, readonly string[]> = { i: ["i", "ı"], l: ["l", "ı"], ı: ["ı", "i", "l"] };

const ALNUM = /[\p{L}\p{N}]/u;
function isAlnum(ch: string): boolean {
  const c = ch.charCodeAt(0);
  if (c < 0x80) return (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
  return ALNUM.test(ch);
}
const isApostrophe = (ch: string) => ch === "'" || ch === "’";
const isSpace = (ch: string) => ch === " " || /\s/.test(ch);

/** A skeleton's runs; identical letters merge across in-word separators but not across a word break. */
function runsOf(text: string): Run[] {
  const runs: Run[] = [];
  let gap: Gap = 0;
  for (const ch of text) {
    if (!isAlnum(ch)) {
      if (isSpace(ch)) gap = 2;
      else if (isApostrophe(ch)) gap = gap === 2 ? 2 : 3;
      else if (gap === 0) gap = 1;
      continue;
    }
    const last = runs[runs.length - 1];
    if (last && last.ch === ch && gap <= 1) last.n++;
    else runs.push({ ch, n: 1, gap: runs.length ? gap : 2 });
    gap = 0;
  }
  return runs;
}

function addTerm(root: Node, term: string) {
  const trimmed = term.trim();
  const prefix = trimmed.endsWith("*");
  const runs = runsOf(skeleton(prefix ? trimmed.slice(0, -1) : trimmed));
  if (!runs.length) return;
  let at = root;
  runs.forEach((run, i) => {
    const newWord = i > 0 && run.gap >= 2;
    const list = at.edges.get(run.ch) ?? [];
    let edge = list.find((e) => e.min === run.n && e.newWord === newWord);
    if (!edge) {
      edge = { ch: run.ch, min: run.n, newWord, to: node() };
      list.push(edge);
      at.edges.set(run.ch, list);
    }
    at = edge.to;
  });
  if (prefix) at.prefix = true;
  else at.whole = true;
}

/** Whether a term's path starts at runs[start] (a word start) and ends on a word end (or takes any ending). */
function matchesFrom(root: Node, runs: readonly Run[], start: number): boolean {
  const stack: [Node, number][] = [[root, start]];
  while (stack.length) {
    const [at, j] = stack.pop() ?? [root, start];
    if (at.prefix && j > start) return true;
    const next = runs[j];
    if (at.whole && j > start && (!next || next.gap > 0)) return true;
    if (!next) continue;
    for (const ch of READS_AS[next.ch] ?? [next.ch]) {
      for (const edge of at.edges.get(ch) ?? []) {
        if (edge.min > next.n) continue;
        // Inside a word, letters may be split by separators but not by a space; a phrase's words by anything or nothing.
        if (j > start && !edge.newWord && next.gap >= 2) continue;
        stack.push([edge.to, j + 1]);
      }
    }
  }
  return false;
}

/**
 * Compiles a channel's word list once (the caller caches it per settings object). Terms are words or phrases,
 * matched whole after `skeleton`; a trailing `*` matches any ending. Each run in a term needs at least as many
 * repeats in the message ("ass" needs two s: "as" passes, "asssss" does not).
 */
export function compileTerms(words: readonly string[]): TermMatcher | null {
  const root = node();
  for (const word of words) addTerm(root, word);
  if (!root.edges.size) return null;
  return {
    test(text: string) {
      const runs = runsOf(skeleton(text));
      for (let i = 0; i < runs.length; i++) {
        const gap = runs[i]?.gap ?? 0;
        if ((gap === 1 || gap === 2) && matchesFrom(root, runs, i)) return true;
      }
      return false;
    },
  };
}
