import { connectDb } from "@/lib/db/connection";
import { UserModel, type UserDoc } from "@/lib/db/models/user.model";
import { isDuplicateKey } from "@/lib/db/writes";
import { AppError } from "@/lib/errors";
import { config } from "@/lib/config";
import { sharedLimit } from "@/lib/realtime/shared-limit";
import { hashPassword } from "@/lib/accounts/password";
import { issueToken } from "@/lib/accounts/tokens";
import { toSelfUser } from "@/lib/accounts/user-view";
import type { AuthResult, RegisterInput } from "@/lib/accounts/schemas";

function duplicateField(err: unknown): "username" | "email" | null {
  if (!isDuplicateKey(err)) return null;
  const text = JSON.stringify(err.keyPattern ?? {}) + String(err.message ?? "");
  return text.includes("email") ? "email" : "username";
}

/** Creates a password account; the unique indexes decide races, so two sign-ups never both win. */
export async function registerUser(input: RegisterInput, ip: string): Promise<AuthResult> {
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
  try {
    const doc = await UserModel.create({
      username: input.username,
      usernameLower,
      email: input.email,
      displayName: input.displayName ?? input.username,
      passwordHash,
    });
    const user = doc.toObject() as UserDoc;
    return { user: toSelfUser(user), token: await issueToken(user._id.toString(), user.tokenVersion ?? 0) };
  } catch (err) {
    const field = duplicateField(err);
    if (field === "email") throw new AppError("EMAIL_TAKEN", "An account with that email already exists");
    if (field === "username") throw new AppError("USERNAME_TAKEN", "That username is taken");
    throw err;
  }
}
