import { connectDb } from "@/lib/db/connection";
import { UserModel, type UserDoc } from "@/lib/db/models/user.model";
import { AppError } from "@/lib/errors";
import { config } from "@/lib/config";
import { limiter } from "@/lib/rate-limit";
import { log } from "@/lib/logger";
import { sendMail } from "@/lib/mailer";
import type { Actor } from "@/lib/accounts/authenticate";
import { hashEmailToken, newEmailToken } from "@/lib/accounts/email-token";
import type { ResendVerificationResult } from "@/lib/accounts/schemas";

type Recipient = Pick<UserDoc, "_id" | "email" | "username">;

/** Stores a fresh link for an unverified account (an earlier link stops working) and mails it. */
export async function mailVerificationLink(user: Recipient): Promise<boolean> {
  const { token, tokenHash, expiresAt } = newEmailToken();
  await connectDb();
  const res = await UserModel.updateOne({ _id: user._id, emailVerified: { $ne: true } }, { $set: { emailVerification: { tokenHash, expiresAt } } });
  if (res.matchedCount === 0) return false;
  const link = `${config().publicUrl}/verify-email?token=${token}`;
  await sendMail({
    to: user.email,
    subject: "Confirm your email address for StreamHub",
    text: [
      `Hi ${user.username},`,
      "",
      "Open this link to confirm your email address. Until you do, you can watch and chat, but not go live:",
      link,
      "",
      "The link works once, for 24 hours. If you did not sign up for StreamHub, ignore this message.",
    ].join("\n"),
  });
  return true;
}

/**
 * Marks the account whose link this is as verified. One conditional update checks the hash and the expiry
 * and removes the link, so a link works once even when opened twice at the same moment.
 */
export async function verifyEmail(token: string, now = new Date()): Promise<"verified" | "invalid"> {
  await connectDb();
  const res = await UserModel.updateOne(
    { "emailVerification.tokenHash": hashEmailToken(token), "emailVerification.expiresAt": { $gt: now } },
    { $set: { emailVerified: true }, $unset: { emailVerification: 1 } },
  );
  return res.matchedCount === 1 ? "verified" : "invalid";
}

/** Mails a new link to the signed-in user's address, a few times an hour at most. */
export async function resendVerificationEmail(actor: Actor): Promise<ResendVerificationResult> {
  limiter.hitOrThrow(`verify-resend:${actor.id}`, config().EMAIL_VERIFY_RESEND_LIMIT, 3_600_000, "Too many verification emails, try again later");
  await connectDb();
  const user = await UserModel.findById(actor.id, { email: 1, username: 1, emailVerified: 1 }).lean<UserDoc>();
  if (!user) throw new AppError("UNAUTHENTICATED", "Account no longer exists");
  if (user.emailVerified) return { emailVerified: true, sent: false };
  try {
    const sent = await mailVerificationLink(user);
    return { emailVerified: !sent, sent };
  } catch (err) {
    log.warn("verification mail failed", { userId: actor.id, err: err instanceof Error ? err.message : String(err) });
    throw new AppError("SERVICE_UNAVAILABLE", "Could not send the email; try again later");
  }
}
