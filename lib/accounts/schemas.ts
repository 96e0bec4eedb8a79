import { z } from "zod";
import { safeCallbackPath } from "@/lib/accounts/callback-path";

export { safeCallbackPath };
import { EMAIL, trimmedText } from "@/lib/text-input";

export const usernameSchema = z
  .string()
  .trim()
  .min(3, "must be at least 3 characters")
  .max(24, "must be at most 24 characters")
  .regex(/^[A-Za-z0-9_]+$/, "may contain only letters, digits and underscores");

/**
 * Characters that are invisible or change the direction of the text around them (Unicode category Cf:
 * zero-width spaces and joiners U+200B–U+200F, bidi embeddings and overrides U+202A–U+202E, isolates
 * U+2066–U+2069, the BOM U+FEFF, ...), plus control and line-separator characters. In a name they let one
 * person pass for another ("admin" and "adm\u200Bin") or flip the text shown after it in chat.
 */
const HIDDEN_CHARS = /[\p{Cf}\p{Cc}\p{Zl}\p{Zp}]/u;

/** A display name as people type it: 1-50 visible characters. */
export const displayNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(50)
  .refine((s) => !HIDDEN_CHARS.test(s), "may not contain invisible or text-direction characters");

/** A display name from elsewhere (an OAuth profile): hidden characters removed, null when nothing is left. */
export function cleanDisplayName(raw: string | null | undefined): string | null {
  const visible = (raw ?? "").replace(new RegExp(HIDDEN_CHARS.source, "gu"), "").trim();
  // By code point, so an emoji is never cut in half.
  const s = Array.from(visible).slice(0, 50).join("").trim();
  return s || null;
}

const RESERVED = new Set(["api", "admin", "login", "logout", "signup", "register", "dashboard", "studio", "watch", "search", "category", "docs", "settings", "_next", "static"]);

export const registerInput = z
  .object({
    username: usernameSchema.refine((u) => !RESERVED.has(u.toLowerCase()), "is reserved"),
    email: z.email({ pattern: EMAIL, message: "must be a valid email" }).max(254).transform((e) => e.toLowerCase()),
    password: z.string().min(8, "must be at least 8 characters").max(128, "must be at most 128 characters"),
    displayName: displayNameSchema.optional(),
  })
  .strict();

const loginName = trimmedText(254, { required: true });

export const loginInput = z
  .object({
    login: loginName.optional(),
    username: loginName.optional(),
    email: loginName.optional(),
    password: z.string().min(1).max(128),
  })
  .strict()
  .refine((v) => Boolean(v.login ?? v.username ?? v.email), { message: "login, username or email is required", path: ["login"] })
  .transform((v) => ({ login: (v.login ?? v.username ?? v.email ?? "").toLowerCase(), password: v.password }))
  // The refinement as the document says it: one of the three names, with the password.
  .meta({ anyOf: [{ required: ["login"] }, { required: ["username"] }, { required: ["email"] }], description: "The account's username or email in `login` (or `username` / `email`; the first present is used) and its password." });


/** A `callbackUrl` as a form or query string carries it: anything, made safe. */
export const callbackPathSchema = z.string().max(2048).optional().catch(undefined).transform((v) => safeCallbackPath(v));

export const publicUserSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  avatarUrl: z.string().nullable(),
  bio: z.string(),
  followerCount: z.number(),
  createdAt: z.string(),
});

export const selfUserSchema = publicUserSchema.extend({
  email: z.string(),
  role: z.enum(["user", "admin"]),
  /** Whether the owner of the address confirmed it: unverified accounts watch and chat, but do not go live. */
  emailVerified: z.boolean(),
});

export const authResultSchema = z.object({ user: selfUserSchema, token: z.string() });

/** Who a socket acts for: the `authenticate` acknowledgement and the `session` event. */
export const sessionUserSchema = selfUserSchema.pick({ id: true, username: true, displayName: true });
export const socketAuthResultSchema = z.object({ user: sessionUserSchema });

/** The secret of a mailed verification link (`/verify-email?token=`). */
export const verifyEmailQuery = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, "is not a verification token") });

export const resendVerificationResult = z.object({
  emailVerified: z.boolean(),
  /** False when there was nothing to send: the address is verified already. */
  sent: z.boolean(),
});

/** A user named in a path: their id or their username, as the use cases accept either. */
export const userIdParams = z.object({ id: z.string().min(1).max(64) });

export const followStateSchema = z.object({ following: z.boolean(), followerCount: z.number() });

export type RegisterInput = z.infer<typeof registerInput>;
/** What a client sends (before the email is lowercased). */
export type RegisterBody = z.input<typeof registerInput>;
export type AuthResult = z.infer<typeof authResultSchema>;
export type SocketAuthResult = z.infer<typeof socketAuthResultSchema>;
export type FollowState = z.infer<typeof followStateSchema>;
export type ResendVerificationResult = z.infer<typeof resendVerificationResult>;
export type LoginInput = z.infer<typeof loginInput>;
export type PublicUser = z.infer<typeof publicUserSchema>;
export type SelfUser = z.infer<typeof selfUserSchema>;
