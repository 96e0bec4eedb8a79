import { SignJWT, jwtVerify, errors } from "jose";
import { config } from "@/lib/config";
import { AppError } from "@/lib/errors";

const ISSUER = "streamhub";
const AUDIENCE = "streamhub-api";

function key(): Uint8Array {
  return new TextEncoder().encode(config().AUTH_SECRET);
}

export type TokenClaims = { sub: string; tv: number };

/** Issues a bearer token for API clients and Socket.IO handshakes. */
export async function issueToken(userId: string, tokenVersion: number): Promise<string> {
  return new SignJWT({ tv: tokenVersion })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(config().AUTH_TOKEN_TTL)
    .sign(key());
}

/** Verifies signature, issuer, audience and expiry; throws INVALID_TOKEN otherwise. */
export async function verifyToken(token: string): Promise<TokenClaims> {
  try {
    const { payload } = await jwtVerify(token, key(), { issuer: ISSUER, audience: AUDIENCE, algorithms: ["HS256"] });
    if (typeof payload.sub !== "string" || typeof payload.tv !== "number") throw new AppError("INVALID_TOKEN", "Invalid token");
    return { sub: payload.sub, tv: payload.tv };
  } catch (err) {
    if (err instanceof AppError) throw err;
    const expired = err instanceof errors.JWTExpired;
    throw new AppError("INVALID_TOKEN", expired ? "Token expired" : "Invalid token");
  }
}
