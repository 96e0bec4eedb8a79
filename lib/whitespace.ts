/**
 * The characters `String.prototype.trim` and `\s` remove (WhiteSpace and LineTerminator), spelled out: the
 * OpenAPI document carries patterns built from it, and other regex engines (Python's, Rust's) disagree with
 * ECMAScript on what `\s` means.
 */
export const WHITESPACE = "\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff";

/** Matches a string holding at least one character trimming keeps. */
export const NOT_BLANK = new RegExp(`[^${WHITESPACE}]`);
