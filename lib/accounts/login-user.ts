import { connectDb } from "@/lib/db/connection";
import { UserModel, type UserDoc } from "@/lib/db/models/user.model";
import { AppError } from "@/lib/errors";
import { config } from "@/lib/config";
import { sharedLimit } from "@/lib/realtime/shared-limit";
import { verifyPassword } from "@/lib/accounts/password";
import { issueToken } from "@/lib/accounts/tokens";
import { toSelfUser } from "@/lib/accounts/user-view";
import type { AuthResult, LoginInput } from "@/lib/accounts/schemas";

/**
 * Checks a username-or-email and password. Attempts are limited per address and per account, across app
 * processes (a lockout on one holds on all): once the login names a user, the counter is that user's, so
 * typing the username and the email in turn shares one budget; an unknown login counts under what was
 * typed, and the reply is the same as for a wrong password.
 */
export async function loginUser(input: LoginInput, ip: string): Promise<AuthResult> {
  const cfg = config();
  const durationSec = cfg.LOGIN_RATE_WINDOW_SECONDS;
  const tooMany = "Too many login attempts, try again later";
  const perAccount = sharedLimit({ name: "login", points: cfg.LOGIN_RATE_LIMIT, durationSec });
  await sharedLimit({ name: "login-ip", points: cfg.LOGIN_RATE_LIMIT_PER_IP, durationSec }).consume(ip, tooMany);
  await connectDb();
  const query = input.login.includes("@") ? { email: input.login } : { usernameLower: input.login };
  const user = await UserModel.findOne(query).lean<UserDoc>();
  const accountKey = user ? `user:${user._id.toString()}` : `login:${input.login}`;
  await perAccount.consume(accountKey, tooMany);
  const ok = await verifyPassword(user?.passwordHash, input.password);
  if (!user || !ok) throw new AppError("INVALID_CREDENTIALS", "Invalid login or password");
  await perAccount.reset(accountKey);
  return { user: toSelfUser(user), token: await issueToken(user._id.toString(), user.tokenVersion ?? 0) };
}
