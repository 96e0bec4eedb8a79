import { randomBytes } from "node:crypto";
import { connectDb } from "@/lib/db/connection";
import { UserModel, type UserDoc } from "@/lib/db/models/user.model";
import { isDuplicateKey } from "@/lib/db/writes";
import { AppError } from "@/lib/errors";
import { cleanDisplayName } from "@/lib/accounts/schemas";
import { decideOAuthLink } from "@/lib/accounts/oauth-link";

/** An identity a provider returned; `emailVerified` is the provider's word that the address is its user's. */
export type OAuthProfile = {
  provider: string;
  providerAccountId: string;
  email?: string | null;
  emailVerified: boolean;
  name?: string | null;
  image?: string | null;
  login?: string | null;
};

/** Signed in as `userId`, or refused, with why (the sign-in page explains each reason). */
export type OAuthOutcome = { ok: true; userId: string } | { ok: false; reason: "provider_email_unverified" | "account_needs_password" };

function baseUsername(p: OAuthProfile): string {
  const raw = (p.login ?? p.name ?? p.email?.split("@")[0] ?? "user").replace(/[^A-Za-z0-9_]/g, "_").slice(0, 18);
  return raw.length >= 3 ? raw : `user_${raw}`;
}

const refused = (reason: Extract<OAuthOutcome, { ok: false }>["reason"]): OAuthOutcome => ({ ok: false, reason });

async function createAccount(p: OAuthProfile, email: string): Promise<OAuthOutcome> {
  const base = baseUsername(p);
  for (let attempt = 0; attempt < 5; attempt++) {
    const username = attempt === 0 ? base : `${base}_${randomBytes(2).toString("hex")}`;
    try {
      const doc = await UserModel.create({
        username,
        usernameLower: username.toLowerCase(),
        email,
        emailVerified: true,
        displayName: cleanDisplayName(p.name) ?? username,
        avatarUrl: p.image ?? undefined,
        providers: [{ provider: p.provider, providerAccountId: p.providerAccountId }],
      });
      return { ok: true, userId: doc._id.toString() };
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      // A password sign-up took the address meanwhile: the same answer as if it had come first.
      if (JSON.stringify(err.keyPattern ?? {}).includes("email") || String(err.message ?? "").includes("email")) return refused("account_needs_password");
    }
  }
  throw new AppError("CONFLICT", "Could not pick a free username");
}

/**
 * Finds the account linked to an OAuth identity, links it to the account with the same address when both
 * verified it (lib/accounts/oauth-link.ts), or creates one; anything else is refused, never linked silently.
 */
export async function upsertOAuthUser(p: OAuthProfile): Promise<OAuthOutcome> {
  await connectDb();
  const linked = await UserModel.findOne({ "providers.provider": p.provider, "providers.providerAccountId": p.providerAccountId }, { _id: 1 }).lean<UserDoc>();
  if (linked) return { ok: true, userId: linked._id.toString() };
  const email = p.email?.toLowerCase() ?? null;
  const existing = email ? await UserModel.findOne({ email }, { emailVerified: 1 }).lean<UserDoc>() : null;
  const decision = decideOAuthLink(Boolean(email) && p.emailVerified, existing && { emailVerified: existing.emailVerified === true });
  if (decision === "create" && email) return createAccount(p, email);
  if (decision === "link" && existing) {
    // The filter repeats the rule, so the write itself never links an unverified account.
    const res = await UserModel.updateOne({ _id: existing._id, emailVerified: true }, { $push: { providers: { provider: p.provider, providerAccountId: p.providerAccountId } } });
    if (res.matchedCount === 1) return { ok: true, userId: existing._id.toString() };
  }
  return refused(decision === "provider_email_unverified" ? decision : "account_needs_password");
}
