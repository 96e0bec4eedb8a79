/**
 * Schemathesis reads `\p{L}` and `\p{N}` in JSON Schema patterns as Latin letters and ASCII digits (an
 * approximation, as Python's `re` has no Unicode properties), so it would call "Ελλάδα" or "東京" invalid
 * where the document, and the server, accept them. The fuzzer is given the document with those escapes
 * spelled out as the exact code point ranges of this runtime's Unicode tables: the same language, no
 * approximation.
 */
type Property = "L" | "N";

function ranges(property: Property): string {
  const re = new RegExp(`^\\p{${property}}$`, "u");
  const out: string[] = [];
  let start = -1;
  const literal = (cp: number) => (/[\\\]\[^-]/.test(String.fromCodePoint(cp)) ? "\\" : "") + String.fromCodePoint(cp);
  for (let cp = 0; cp <= 0x110000; cp++) {
    const inside = cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff) && re.test(String.fromCodePoint(cp));
    if (inside && start < 0) start = cp;
    if (!inside && start >= 0) {
      out.push(start === cp - 1 ? literal(start) : `${literal(start)}-${literal(cp - 1)}`);
      start = -1;
    }
  }
  return out.join("");
}

const cache = new Map<string, string>();
const classOf = (p: Property) => cache.get(p) ?? (cache.set(p, ranges(p)), cache.get(p) ?? "");

/** A pattern with every `\p{L}` / `\p{N}` replaced by its ranges (inside a character class or standing alone). */
export function expandPattern(pattern: string): string {
  let out = "";
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\") {
      const m = /^\\p\{(L|N)\}/.exec(pattern.slice(i));
      if (m) {
        const body = classOf(m[1] as Property);
        out += inClass ? body : `[${body}]`;
        i += m[0].length - 1;
      } else {
        if (/^\\[pP]/.test(pattern.slice(i))) throw new Error(`unsupported Unicode property escape in ${pattern}`);
        out += pattern.slice(i, i + 2);
        i++;
      }
      continue;
    }
    if (c === "[" && !inClass) inClass = true;
    else if (c === "]" && inClass) inClass = false;
    out += c;
  }
  return out;
}

/** Every `pattern` in a document, expanded. */
export function expandPatterns<T>(doc: T): T {
  return JSON.parse(JSON.stringify(doc), (key, value: unknown) => (key === "pattern" && typeof value === "string" ? expandPattern(value) : value)) as T;
}
