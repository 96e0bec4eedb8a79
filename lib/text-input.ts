import { z } from "zod";
import { NOT_BLANK } from "@/lib/whitespace";

/** A MongoDB object id as the API takes it. */
export const objectId = z.string().regex(/^[a-f0-9]{24}$/i, "must be a 24-character hex id");

// Shared with the browser (chat's text rules), so they live in a module without zod.
export { NOT_BLANK, WHITESPACE } from "@/lib/whitespace";

/**
 * Text the server trims before use, declared so the document says what is accepted: the length limit
 * applies to what is sent, and a required field needs one character that is not whitespace (a zod
 * `.trim().min(1)` would document `minLength: 1` and still refuse `" "`).
 */
export function trimmedText(max: number, opts: { required: boolean; message?: string }) {
  const sent = z.string().max(max, `must be at most ${max} characters`);
  return (opts.required ? sent.regex(NOT_BLANK, opts.message ?? "is required") : sent).trim();
}

/**
 * An email address both ways: what JSON Schema's `email` format accepts (a local part of at most 64
 * characters, labels of at most 63 that neither start nor end with a hyphen) and zod's own rule (ASCII,
 * no leading, trailing or doubled dot, a letters-only top-level domain). zod's default allowed a
 * 130-character local part the document's format refuses.
 */
export const EMAIL = /^(?!\.)(?!.*\.\.)[A-Za-z0-9_'+\-.]{0,63}[A-Za-z0-9_+-]@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

const URL_CHAR = "[A-Za-z0-9\\-._~!$&'()*+,;=:@/]|%[0-9A-Fa-f]{2}";
/**
 * An http(s) URL within RFC 3986 (the document's `uri` format): `z.url()` parses as browsers do, which
 * takes spaces and bare `%` in paths and refuses ports above 65535, so it and the format disagreed both ways.
 */
export const HTTP_URL = new RegExp(`^https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?:/(?:${URL_CHAR})*)?(?:\\?(?:${URL_CHAR}|\\?)*)?(?:#(?:${URL_CHAR}|\\?)*)?$`);
