import { connectDb } from "@/lib/db/connection";
import { UserModel, type UserDoc } from "@/lib/db/models/user.model";
import { isDuplicateKey } from "@/lib/db/writes";
import { AppError } from "@/lib/errors";
import { config } from "@/lib/config";
import { sharedLimit } from "@/lib/realtime/shared-limit";
import { hashPassword } from "@/lib/accounts/password";
import { issueToken } from "@/lib/accounts/tokens";
import { toSelfUser } from "@/lib/accounts/user-view";
import { log } from "@/lib/logger";
import { mailVerificationLink } from "@/lib/accounts/verify-email";
import type { AuthResult, RegisterInput } from "@/lib/accounts/schemas";

function duplicateField(err: unknown): "username" | "email" | null {
  if (!isDuplicateKey(err)) return null;
  const text = JSON.stringify(err.keyPattern ?? {}) + String(err.message ?? "");
  return text.includes("email") ? "email" : "username";
}

/**
 * Creates a password account and mails the link that verifies its address; the unique indexes decide
 * races, so two sign-ups never both win. `emailVerified` is for trusted callers only (the demo seed, whose
 * addresses receive no mail); no edge passes it.
 */
export async function registerUser(input: RegisterInput, ip: string, opts: { emailVerified?: boolean } = {}): Promise<AuthResult> {
  await sharedLimit({ name: "register-ip", points: config().REGISTER_RATE_LIMIT_PER_IP, durationSec: 3600 }).consume(ip, "Too many sign-ups from this address");
  await connectDb();
  const usernameLower = input.username.toLowerCase();
  const [byName, byEmail] = await Promise.all([
    UserModel.exists({ usernameLower }),
    UserModel.exists({ email: input.email }),
  ]);
  if (byName) throw new AppError("USERNAME_TAKEN", "That username is taken");
  if (byEmail) throw new AppError("EMAIL_TAKEN", "An account with that email already exists");
  const passwordHash = await hashPassword(input.password);
  let user: UserDoc;
  try {
    const doc = await UserModel.create({
      username: input.username,
      usernameLower,
      email: input.email,
      displayName: input.displayName ?? input.username,
      passwordHash,
      emailVerified: opts.emailVerified === true,
    });
    user = doc.toObject() as UserDoc;
  } catch (err) {
    const field = duplicateField(err);
    if (field === "email") throw new AppError("EMAIL_TAKEN", "An account with that email already exists");
    if (field === "username") throw new AppError("USERNAME_TAKEN", "That username is taken");
    throw err;
  }
  if (!user.emailVerified) {
    // The account exists either way: when the mail server fails now, "send the link again" retries.
    await mailVerificationLink(user).catch((err: unknown) => log.error("verification mail failed", { userId: user._id.toString(), err: err instanceof Error ? err.message : String(err) }));
  }
  return { user: toSelfUser(user), token: await issueToken(user._id.toString(), user.tokenVersion ?? 0) };
}
