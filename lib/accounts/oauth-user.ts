import { randomBytes } from "node:crypto";
import { connectDb } from "@/lib/db/connection";
import { UserModel, type UserDoc } from "@/lib/db/models/user.model";
import { isDuplicateKey } from "@/lib/db/writes";
import { AppError } from "@/lib/errors";

type OAuthProfile = { provider: string; providerAccountId: string; email?: string | null; name?: string | null; image?: string | null; login?: string | null };

function baseUsername(p: OAuthProfile): string {
  const raw = (p.login ?? p.name ?? p.email?.split("@")[0] ?? "user").replace(/[^A-Za-z0-9_]/g, "_").slice(0, 18);
  return raw.length >= 3 ? raw : `user_${raw}`;
}

/** Finds the account linked to an OAuth identity, links it by verified email, or creates one. */
export async function upsertOAuthUser(p: OAuthProfile): Promise<string> {
  await connectDb();
  const linked = await UserModel.findOne({ "providers.provider": p.provider, "providers.providerAccountId": p.providerAccountId }).lean<UserDoc>();
  if (linked) return linked._id.toString();
  if (!p.email) throw new AppError("UNPROCESSABLE", "The provider did not share an email address");
  const email = p.email.toLowerCase();
  const byEmail = await UserModel.findOneAndUpdate({ email }, { $push: { providers: { provider: p.provider, providerAccountId: p.providerAccountId } } }, { new: true }).lean<UserDoc>();
  if (byEmail) return byEmail._id.toString();
  const base = baseUsername(p);
  for (let attempt = 0; attempt < 5; attempt++) {
    const username = attempt === 0 ? base : `${base}_${randomBytes(2).toString("hex")}`;
    try {
      const doc = await UserModel.create({
        username,
        usernameLower: username.toLowerCase(),
        email,
        displayName: p.name ?? username,
        avatarUrl: p.image ?? undefined,
        providers: [{ provider: p.provider, providerAccountId: p.providerAccountId }],
      });
      return doc._id.toString();
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }
  throw new AppError("CONFLICT", "Could not pick a free username");
}
