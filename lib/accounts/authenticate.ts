import "server-only";
import { decode } from "next-auth/jwt";
import { isValidObjectId } from "mongoose";
import { connectDb } from "@/lib/db/connection";
import { UserModel, type UserDoc } from "@/lib/db/models/user.model";
import { AppError } from "@/lib/errors";
import { config } from "@/lib/config";
import { verifyToken } from "@/lib/accounts/tokens";

/**
 * Who is acting: the authenticated user as every use case receives it. `verified`: the account's email
 * address is confirmed (absent counts as not confirmed).
 */
export type Actor = { id: string; username: string; displayName: string; role: "user" | "admin"; verified?: boolean };

const SESSION_COOKIES = ["__Secure-next-auth.session-token", "next-auth.session-token"];

function parseCookies(header: string | null | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const part of header.split(";")) {
    const i = part.indexOf("=");
    if (i < 0) continue;
    const name = part.slice(0, i).trim();
    try {
      out.set(name, decodeURIComponent(part.slice(i + 1).trim()));
    } catch {
      // a malformed cookie is ignored, not an error
    }
  }
  return out;
}

/** Reads the next-auth session cookie (possibly chunked as name.0, name.1, ...). */
function sessionCookie(cookies: Map<string, string>): string | null {
  for (const name of SESSION_COOKIES) {
    const whole = cookies.get(name);
    if (whole) return whole;
    const chunks: string[] = [];
    for (let i = 0; cookies.has(`${name}.${i}`); i++) chunks.push(cookies.get(`${name}.${i}`) ?? "");
    if (chunks.length) return chunks.join("");
  }
  return null;
}

/** Whether the request carries a browser session: credentials the browser attaches on its own (CSRF's concern). */
export function hasSessionCookie(cookieHeader: string | null | undefined): boolean {
  return sessionCookie(parseCookies(cookieHeader)) !== null;
}

function toActor(u: UserDoc): Actor {
  return { id: u._id.toString(), username: u.username, displayName: u.displayName, role: (u.role ?? "user") as Actor["role"], verified: u.emailVerified === true };
}

async function loadUser(id: string): Promise<UserDoc | null> {
  if (!isValidObjectId(id)) return null;
  await connectDb();
  return UserModel.findById(id).lean<UserDoc>();
}

/**
 * An authenticated actor and the generation of the credential they came with: "log out everywhere" bumps
 * the user's `tokenVersion`, which ends every bearer token and browser session of an older generation.
 */
export type Session = { actor: Actor; tokenVersion: number };

/** Resolves a bearer token to its user; a bad, expired or revoked token is INVALID_TOKEN. */
export async function sessionFromToken(token: string): Promise<Session> {
  const claims = await verifyToken(token);
  const user = await loadUser(claims.sub);
  if (!user || (user.tokenVersion ?? 0) !== claims.tv) throw new AppError("INVALID_TOKEN", "Invalid token");
  return { actor: toActor(user), tokenVersion: claims.tv };
}

export async function actorFromToken(token: string): Promise<Actor> {
  return (await sessionFromToken(token)).actor;
}

/** The user's current credential generation; null when the account no longer exists. */
export async function currentTokenVersion(userId: string): Promise<number | null> {
  const user = await loadUser(userId);
  return user ? (user.tokenVersion ?? 0) : null;
}

/**
 * The one way a request or a socket handshake becomes an Actor: `Authorization: Bearer` first, else the
 * browser's next-auth session cookie. Returns null for anonymous callers; a bad bearer token throws; a
 * session cookie that is bad, or older than the user's last logout, is no session.
 */
export async function resolveSession(headers: { authorization?: string | null; cookie?: string | null }): Promise<Session | null> {
  const auth = headers.authorization?.trim();
  if (auth) {
    const m = /^Bearer\s+(\S+)$/i.exec(auth);
    if (!m?.[1]) throw new AppError("INVALID_TOKEN", "Authorization must be 'Bearer <token>'");
    return sessionFromToken(m[1]);
  }
  const raw = sessionCookie(parseCookies(headers.cookie));
  if (!raw) return null;
  const session = await decode({ token: raw, secret: config().AUTH_SECRET }).catch(() => null);
  const sub = session?.sub;
  if (!sub) return null;
  const user = await loadUser(sub);
  // Sessions carry the generation they were issued in (lib/accounts/next-auth-options.ts); one without is from before that.
  if (!user || typeof session.tv !== "number" || session.tv !== (user.tokenVersion ?? 0)) return null;
  return { actor: toActor(user), tokenVersion: session.tv };
}

export async function resolveActor(headers: { authorization?: string | null; cookie?: string | null }): Promise<Actor | null> {
  return (await resolveSession(headers))?.actor ?? null;
}

export async function requireActor(headers: { authorization?: string | null; cookie?: string | null }): Promise<Actor> {
  const actor = await resolveActor(headers);
  if (!actor) throw new AppError("UNAUTHENTICATED", "Sign in to do this");
  return actor;
}
