import { z } from "zod";

export const usernameSchema = z
  .string()
  .trim()
  .min(3, "must be at least 3 characters")
  .max(24, "must be at most 24 characters")
  .regex(/^[A-Za-z0-9_]+$/, "may contain only letters, digits and underscores");

const RESERVED = new Set(["api", "admin", "login", "logout", "signup", "register", "dashboard", "studio", "watch", "search", "category", "docs", "settings", "_next", "static"]);

export const registerInput = z
  .object({
    username: usernameSchema.refine((u) => !RESERVED.has(u.toLowerCase()), "is reserved"),
    email: z.email("must be a valid email").max(254).transform((e) => e.toLowerCase()),
    password: z.string().min(8, "must be at least 8 characters").max(128, "must be at most 128 characters"),
    displayName: z.string().trim().min(1).max(50).optional(),
  })
  .strict();

export const loginInput = z
  .object({
    login: z.string().trim().min(1).max(254).optional(),
    username: z.string().trim().min(1).max(254).optional(),
    email: z.string().trim().min(1).max(254).optional(),
    password: z.string().min(1).max(128),
  })
  .strict()
  .refine((v) => Boolean(v.login ?? v.username ?? v.email), { message: "login, username or email is required", path: ["login"] })
  .transform((v) => ({ login: (v.login ?? v.username ?? v.email ?? "").toLowerCase(), password: v.password }));

const CALLBACK_BASE = "http://streamhub.invalid";

/**
 * Where to send someone after they log in: a path on this site, or "/". Resolved the way a browser resolves
 * it (tabs and newlines dropped, `\\` read as `/`), so `//evil.tld`, `/\\evil.tld`, `https://evil.tld` and
 * `javascript:` never leave the site. An absolute URL counts only when its origin is `origin` (next-auth
 * hands its redirect callback full URLs of its own base).
 */
export function safeCallbackPath(raw: string | null | undefined, origin?: string): string {
  if (!raw) return "/";
  const sameOrigin = origin !== undefined && raw.startsWith(`${origin}/`);
  if (!raw.startsWith("/") && !sameOrigin) return "/";
  let url: URL;
  try {
    url = new URL(sameOrigin ? raw.slice(origin.length) : raw, CALLBACK_BASE);
  } catch {
    return "/";
  }
  const path = `${url.pathname}${url.search}${url.hash}`;
  // The resolved path itself must not read as protocol-relative (`/.//evil.tld` resolves to `//evil.tld`).
  if (url.origin !== CALLBACK_BASE || !path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")) return "/";
  return path;
}

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

export const selfUserSchema = publicUserSchema.extend({ email: z.string(), role: z.enum(["user", "admin"]) });

export const authResultSchema = z.object({ user: selfUserSchema, token: z.string() });

/** Who a socket acts for: the `authenticate` acknowledgement and the `session` event. */
export const sessionUserSchema = selfUserSchema.pick({ id: true, username: true, displayName: true });
export const socketAuthResultSchema = z.object({ user: sessionUserSchema });

/** A user named in a path: their id or their username, as the use cases accept either. */
export const userIdParams = z.object({ id: z.string().min(1).max(64) });

export const followStateSchema = z.object({ following: z.boolean(), followerCount: z.number() });

export type RegisterInput = z.infer<typeof registerInput>;
/** What a client sends (before the email is lowercased). */
export type RegisterBody = z.input<typeof registerInput>;
export type AuthResult = z.infer<typeof authResultSchema>;
export type SocketAuthResult = z.infer<typeof socketAuthResultSchema>;
export type FollowState = z.infer<typeof followStateSchema>;
export type LoginInput = z.infer<typeof loginInput>;
export type PublicUser = z.infer<typeof publicUserSchema>;
export type SelfUser = z.infer<typeof selfUserSchema>;
