import { createHash, randomBytes } from "node:crypto";

/** How long a mailed verification link works. */
export const EMAIL_TOKEN_TTL_MS = 24 * 3_600_000;

export type EmailToken = { token: string; tokenHash: string; expiresAt: Date };

export function hashEmailToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/**
 * A fresh secret for a verification link: 32 random bytes, base64url (43 characters). Only its hash is
 * stored, so someone who reads the database cannot verify an address they do not own.
 */
export function newEmailToken(now = new Date()): EmailToken {
  const token = randomBytes(32).toString("base64url");
  return { token, tokenHash: hashEmailToken(token), expiresAt: new Date(now.getTime() + EMAIL_TOKEN_TTL_MS) };
}
