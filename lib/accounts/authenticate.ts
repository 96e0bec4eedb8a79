import "server-only";
import { decode } from "next-auth/jwt";
import { isValidObjectId } from "mongoose";
import { connectDb } from "@/lib/db/connection";
import { UserModel, type UserDoc } from "@/lib/db/models/user.model";
import { AppError } from "@/lib/errors";
import { config } from "@/lib/config";
import { verifyToken } from "@/lib/accounts/tokens";
import { sessionTokenFrom } from "@/lib/accounts/session-cookie";

/**
 * Who is acting: the authenticated user as every use case receives it. `verified`: the account's email
 * address is confirmed (absent counts as not confirmed).
 */
export type Actor = { id: string; username: string; displayName: string; role: "user" | "admin"; verified?: boolean };

/**
 * Whether the request carries something that looks like a browser session, under either cookie name:
 * credentials the browser attaches on its own (CSRF's concern, which errs on the side of refusing).
 */
export function hasSessionCookie(cookieHeader: string | null | undefined): boolean {
  return ["https://any", "http://any"].some((scheme) => sessionTokenFrom(cookieHeader, scheme) !== null);
}

function toActor(u: UserDoc): Actor {
  return { id: u._id.toString(), username: u.username, displayName: u.displayName, role: (u.role ?? "user") as Actor["role"], verified: u.emailVerified === true };
}

async function loadUser(id: string): Promise<UserDoc | null> {
  if (!isValidObjectId(id)) return null;
  await connectDb();
  return UserModel.findById(id).lean<UserDoc>();
}

/** A user as an Actor, for acting on their behalf (an encoder going live for its host); null when gone. */
export async function actorById(id: string): Promise<Actor | null> {
  const user = await loadUser(id);
  return user ? toActor(user) : null;
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
 * browser's next-auth session cookie, under the one name the public URL's scheme gives it. Returns null for
 * anonymous callers; a bad bearer token throws; a session cookie that is bad, or older than the user's last
 * logout, is no session.
 */
export async function resolveSession(headers: { authorization?: string | null; cookie?: string | null }): Promise<Session | null> {
  const auth = headers.authorization?.trim();
  if (auth) {
    const m = /^Bearer\s+(\S+)$/i.exec(auth);
    if (!m?.[1]) throw new AppError("INVALID_TOKEN", "Authorization must be 'Bearer <token>'");
    return sessionFromToken(m[1]);
  }
  const cfg = config();
  const raw = sessionTokenFrom(headers.cookie, cfg.publicUrl);
  if (!raw) return null;
  const session = await decode({ token: raw, secret: cfg.AUTH_SECRET }).catch(() => null);
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
