const MAX_WORDS = 200;
const MAX_PREFIX = 16;
const MIN_PREFIX = 2;

/** Lowercases, strips accents and splits into words. */
export function words(text: string): string[] {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/**
 * Every prefix (2..16 chars) of every word of the searchable text. Stored on the stream with a multikey
 * index, so a search is an indexed `$all` over the query's words — no `$text`, which FerretDB lacks.
 */
export function searchTerms(parts: (string | undefined | null)[]): string[] {
  const out = new Set<string>();
  let count = 0;
  for (const part of parts) {
    for (const w of words(part ?? "")) {
      if (count++ >= MAX_WORDS) break;
      for (let i = MIN_PREFIX; i <= Math.min(w.length, MAX_PREFIX); i++) out.add(w.slice(0, i));
      if (w.length < MIN_PREFIX) out.add(w);
    }
  }
  return [...out];
}

/** The query's words, cut to the longest stored prefix. */
export function queryTerms(q: string): string[] {
  return [...new Set(words(q).map((w) => w.slice(0, MAX_PREFIX)))].slice(0, 8);
}
