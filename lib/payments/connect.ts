import "server-only";
import mongoose from "mongoose";
import type Stripe from "stripe";
import { config } from "@/lib/config";
import { connectDb } from "@/lib/db/connection";
import { PayoutAccountModel, type PayoutAccountDoc } from "@/lib/db/models/payout-account.model";
import { UserModel, type UserDoc } from "@/lib/db/models/user.model";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/accounts/authenticate";
import { assertPaymentsEnabled, stripe } from "@/lib/payments/stripe";
import type { OnboardingLink, PayoutStatus } from "@/lib/payments/schemas";

/** Where Stripe sends a creator back after onboarding (the earnings dashboard); `refresh`: the link expired. */
const RETURN_PATH = "/dashboard/earnings";

async function accountOf(userId: string): Promise<PayoutAccountDoc | null> {
  await connectDb();
  return PayoutAccountModel.findOne({ user: userId }).lean<PayoutAccountDoc>();
}

/** The caller's payout setup: with Connect off there is nothing to set up (the platform receives payments). */
export async function payoutStatus(actor: Actor): Promise<PayoutStatus> {
  assertPaymentsEnabled();
  const connect = config().payments.connect;
  const acct = connect ? await accountOf(actor.id) : null;
  return {
    connect,
    accountId: acct?.accountId ?? null,
    chargesEnabled: acct?.chargesEnabled ?? false,
    payoutsEnabled: acct?.payoutsEnabled ?? false,
    detailsSubmitted: acct?.detailsSubmitted ?? false,
  };
}

/** The creator's Express account, created once: Stripe's idempotency key makes a concurrent second call get the same one. */
async function ensureAccount(actor: Actor): Promise<string> {
  const existing = await accountOf(actor.id);
  if (existing) return existing.accountId;
  const user = await UserModel.findById(actor.id, { email: 1 }).lean<Pick<UserDoc, "email">>();
  const account = await stripe().accounts.create(
    {
      type: "express",
      ...(user?.email ? { email: user.email } : {}),
      capabilities: { card_payments: { requested: true }, transfers: { requested: true } },
      metadata: { userId: actor.id },
    },
    { idempotencyKey: `streamhub-connect-${actor.id}` },
  );
  await PayoutAccountModel.init();
  await PayoutAccountModel.updateOne({ user: actor.id }, { $setOnInsert: { user: actor.id, accountId: account.id } }, { upsert: true }).catch((err: unknown) => {
    // A concurrent call inserted it first: theirs stands.
    if ((err as { code?: number }).code !== 11000) throw err;
  });
  return (await accountOf(actor.id))?.accountId ?? account.id;
}

/**
 * Starts (or resumes) Stripe Connect Express onboarding: the creator's account, created on first use, and a
 * fresh one-time link to Stripe's hosted form. Only a confirmed email address may receive money.
 */
export async function startOnboarding(actor: Actor): Promise<OnboardingLink> {
  assertPaymentsEnabled();
  const cfg = config();
  if (!cfg.payments.connect) throw new AppError("CONFLICT", "Payouts go to the platform's own account on this server (Stripe Connect is off)");
  if (!actor.verified) throw new AppError("EMAIL_NOT_VERIFIED", "Confirm your email address before setting up payouts");
  const accountId = await ensureAccount(actor);
  const link = await stripe().accountLinks.create({
    account: accountId,
    type: "account_onboarding",
    refresh_url: `${cfg.publicUrl}${RETURN_PATH}?payouts=refresh`,
    return_url: `${cfg.publicUrl}${RETURN_PATH}?payouts=done`,
  });
  return { url: link.url };
}

export type PayoutTarget = {
  /** The creator's connected account (destination charges); absent: the platform's own account receives it. */
  destination?: string;
  feePercent: number;
  /** The platform's fee on an amount (minor unit); 0 without Connect, where the platform keeps everything anyway. */
  feeMinor: (amountMinor: number) => number;
};

/**
 * Where a payment to a creator goes, asked before every Checkout. Refuses (PAYOUTS_NOT_READY) a creator who
 * cannot receive money: an unconfirmed email address, or with Connect, onboarding not complete.
 */
export async function payoutTarget(creatorId: string): Promise<PayoutTarget> {
  assertPaymentsEnabled();
  const { connect, feePercent } = config().payments;
  if (!mongoose.isValidObjectId(creatorId)) throw new AppError("NOT_FOUND", "Creator not found");
  await connectDb();
  const user = await UserModel.findById(creatorId, { emailVerified: 1 }).lean<Pick<UserDoc, "emailVerified">>();
  if (!user) throw new AppError("NOT_FOUND", "Creator not found");
  if (user.emailVerified !== true) throw new AppError("PAYOUTS_NOT_READY", "This creator cannot receive payments yet");
  if (!connect) return { feePercent: 0, feeMinor: () => 0 };
  const acct = await accountOf(creatorId);
  if (!acct?.chargesEnabled) throw new AppError("PAYOUTS_NOT_READY", "This creator has not finished setting up payouts");
  return { destination: acct.accountId, feePercent, feeMinor: (amountMinor) => Math.round((amountMinor * feePercent) / 100) };
}

/**
 * `account.updated`: keeps what Stripe says of a connected account. Events arrive in any order, so a state
 * older than the one held is ignored.
 */
export async function accountUpdated(event: Stripe.Event): Promise<void> {
  if (event.type !== "account.updated") return;
  const account = event.data.object;
  const at = new Date(event.created * 1000);
  await connectDb();
  await PayoutAccountModel.updateOne(
    { accountId: account.id, $or: [{ stateAt: { $exists: false } }, { stateAt: { $lte: at } }] },
    { $set: { chargesEnabled: account.charges_enabled === true, payoutsEnabled: account.payouts_enabled === true, detailsSubmitted: account.details_submitted === true, stateAt: at } },
  );
}
