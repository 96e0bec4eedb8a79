import "server-only";
import { decode } from "next-auth/jwt";
import { isValidObjectId } from "mongoose";
import { connectDb } from "@/lib/db/connection";
import { UserModel, type UserDoc } from "@/lib/db/models/user.model";
import { AppError } from "@/lib/errors";
import { config } from "@/lib/config";
import { verifyToken } from "@/lib/accounts/tokens";
import { sessionTokenFrom } from "@/lib/accounts/session-cookie";

/** Who is acting: the authenticated user as every use case receives it. */
export type Actor = { id: string; username: string; displayName: string; role: "user" | "admin" };

function toActor(u: UserDoc): Actor {
  return { id: u._id.toString(), username: u.username, displayName: u.displayName, role: (u.role ?? "user") as Actor["role"] };
}

async function loadUser(id: string): Promise<UserDoc | null> {
  if (!isValidObjectId(id)) return null;
  await connectDb();
  return UserModel.findById(id).lean<UserDoc>();
}

/** Resolves a bearer token to its user; a bad, expired or revoked token is INVALID_TOKEN. */
export async function actorFromToken(token: string): Promise<Actor> {
  const claims = await verifyToken(token);
  const user = await loadUser(claims.sub);
  if (!user || (user.tokenVersion ?? 0) !== claims.tv) throw new AppError("INVALID_TOKEN", "Invalid token");
  return toActor(user);
}

/**
 * The one way a request or a socket handshake becomes an Actor: `Authorization: Bearer` first, else the
 * browser's next-auth session cookie, under the one name the public URL's scheme gives it. Returns null for
 * anonymous callers; a bad bearer token throws.
 */
export async function resolveActor(headers: { authorization?: string | null; cookie?: string | null }): Promise<Actor | null> {
  const auth = headers.authorization?.trim();
  if (auth) {
    const m = /^Bearer\s+(\S+)$/i.exec(auth);
    if (!m?.[1]) throw new AppError("INVALID_TOKEN", "Authorization must be 'Bearer <token>'");
    return actorFromToken(m[1]);
  }
  const cfg = config();
  const raw = sessionTokenFrom(headers.cookie, cfg.publicUrl);
  if (!raw) return null;
  const session = await decode({ token: raw, secret: cfg.AUTH_SECRET }).catch(() => null);
  const sub = session?.sub;
  if (!sub) return null;
  const user = await loadUser(sub);
  return user ? toActor(user) : null;
}

export async function requireActor(headers: { authorization?: string | null; cookie?: string | null }): Promise<Actor> {
  const actor = await resolveActor(headers);
  if (!actor) throw new AppError("UNAUTHENTICATED", "Sign in to do this");
  return actor;
}
