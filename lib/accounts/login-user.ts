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
 * Checks a username-or-email and password. Attempts are limited per account and per address, across app
 * processes (a lockout on one holds on all); a failure never says which part was wrong.
 */
export async function loginUser(input: LoginInput, ip: string): Promise<AuthResult> {
  const cfg = config();
  const durationSec = cfg.LOGIN_RATE_WINDOW_SECONDS;
  const perAccount = sharedLimit({ name: "login", points: cfg.LOGIN_RATE_LIMIT, durationSec });
  await sharedLimit({ name: "login-ip", points: cfg.LOGIN_RATE_LIMIT_PER_IP, durationSec }).consume(ip, "Too many login attempts, try again later");
  await perAccount.consume(input.login, "Too many login attempts, try again later");
  await connectDb();
  const query = input.login.includes("@") ? { email: input.login } : { usernameLower: input.login };
  const user = await UserModel.findOne(query).lean<UserDoc>();
  const ok = await verifyPassword(user?.passwordHash, input.password);
  if (!user || !ok) throw new AppError("INVALID_CREDENTIALS", "Invalid login or password");
  await perAccount.reset(input.login);
  return { user: toSelfUser(user), token: await issueToken(user._id.toString(), user.tokenVersion ?? 0) };
}
