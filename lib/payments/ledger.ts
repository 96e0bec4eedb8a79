import "server-only";
import mongoose from "mongoose";
import { connectDb } from "@/lib/db/connection";
import { LedgerEntryModel, type LedgerEntryDoc } from "@/lib/db/models/ledger-entry.model";
import { UserModel, type UserDoc } from "@/lib/db/models/user.model";
import { insertIfAbsent } from "@/lib/db/writes";
import type { Actor } from "@/lib/accounts/authenticate";
import { assertPaymentsEnabled } from "@/lib/payments/stripe";
import { fromMinor } from "@/lib/payments/money";
import { CURRENCIES, LEDGER_KINDS, type Currency, type EarningsView, type LedgerEntryView, type LedgerKind } from "@/lib/payments/schemas";

/** Kinds that take money away from the creator: stored negative. */
const OUTGOING: ReadonlySet<LedgerKind> = new Set<LedgerKind>(["platform_fee", "refund", "dispute"]);
const REVERSALS: ReadonlySet<LedgerKind> = new Set<LedgerKind>(["refund", "dispute", "dispute_won"]);

export type LedgerInput = {
  creatorId: string;
  kind: LedgerKind;
  /** The amount's size in the minor unit, as Stripe reported it; the kind gives the sign. */
  amountMinor: number;
  currency: Currency;
  /** The Stripe object the money comes from (cs_…, in_…, ch_…, dp_…): with the kind, the entry's identity. */
  ref: string;
  streamId?: string | null;
  fromUserId?: string | null;
};

/**
 * Records one movement of a creator's money, once: a second call with the same (ref, kind) — a replayed or
 * retried webhook — records nothing and returns false. A zero amount moved nothing and is not recorded.
 */
export async function recordLedger(input: LedgerInput): Promise<boolean> {
  if (!Number.isSafeInteger(input.amountMinor) || input.amountMinor < 0) throw new Error(`ledger amounts are non-negative integers in the minor unit (got ${input.amountMinor})`);
  if (input.amountMinor === 0) return false;
  await connectDb();
  // The unique (ref, kind) index must exist before the first write, or two concurrent deliveries could both land.
  await LedgerEntryModel.init();
  return insertIfAbsent(LedgerEntryModel, {
    creator: input.creatorId,
    kind: input.kind,
    amountMinor: OUTGOING.has(input.kind) ? -input.amountMinor : input.amountMinor,
    currency: input.currency,
    ref: input.ref,
    ...(input.streamId ? { stream: input.streamId } : {}),
    ...(input.fromUserId ? { fromUser: input.fromUserId } : {}),
  });
}

/**
 * A charge's refunds, which Stripe reports as the total refunded so far (`amount_refunded`): the first total
 * books the entry, a larger one later (a second partial refund) deepens it, an equal or smaller one (a
 * replay, an event arriving late) changes nothing. True when the entry changed.
 */
export async function recordRefundTotal(input: Omit<LedgerInput, "kind">): Promise<boolean> {
  if (!Number.isSafeInteger(input.amountMinor) || input.amountMinor <= 0) return false;
  await connectDb();
  await LedgerEntryModel.init();
  const deeper = async () => (await LedgerEntryModel.updateOne({ ref: input.ref, kind: "refund", amountMinor: { $gt: -input.amountMinor } }, { $set: { amountMinor: -input.amountMinor } })).modifiedCount > 0;
  if (await deeper()) return true;
  if (await recordLedger({ ...input, kind: "refund" })) return true;
  // Another delivery wrote the entry between the two: deepen it if this total is the larger.
  return deeper();
}

type Sum = { _id: { kind: LedgerKind; currency: Currency }; amount: number };

async function sumsOf(match: Record<string, unknown>): Promise<Sum[]> {
  return LedgerEntryModel.aggregate<Sum>([{ $match: match }, { $group: { _id: { kind: "$kind", currency: "$currency" }, amount: { $sum: "$amountMinor" } } }]);
}

function totalsFrom(sums: Sum[]): EarningsView["totals"] {
  const per = new Map<Currency, { gross: number; fees: number; refunds: number }>();
  for (const s of sums) {
    const t = per.get(s._id.currency) ?? { gross: 0, fees: 0, refunds: 0 };
    if (s._id.kind === "platform_fee") t.fees += s.amount;
    else if (REVERSALS.has(s._id.kind)) t.refunds += s.amount;
    else t.gross += s.amount;
    per.set(s._id.currency, t);
  }
  return CURRENCIES.filter((c) => per.has(c)).map((currency) => {
    const t = per.get(currency) ?? { gross: 0, fees: 0, refunds: 0 };
    const m = (v: number) => fromMinor(v, currency);
    return { currency, gross: m(t.gross), fees: m(t.fees), refunds: m(t.refunds), net: m(t.gross + t.fees + t.refunds) };
  });
}

function bySourceFrom(sums: Sum[]): EarningsView["bySource"] {
  const order = (s: Sum) => CURRENCIES.indexOf(s._id.currency) * LEDGER_KINDS.length + LEDGER_KINDS.indexOf(s._id.kind);
  return [...sums].sort((a, b) => order(a) - order(b)).map((s) => ({ kind: s._id.kind, currency: s._id.currency, amount: fromMinor(s.amount, s._id.currency) }));
}

async function entryViews(entries: LedgerEntryDoc[]): Promise<LedgerEntryView[]> {
  const ids = [...new Set(entries.flatMap((e) => (e.fromUser ? [e.fromUser.toString()] : [])))];
  const users = ids.length ? await UserModel.find({ _id: { $in: ids } }, { username: 1, displayName: 1 }).lean<Pick<UserDoc, "_id" | "username" | "displayName">[]>() : [];
  const byId = new Map(users.map((u) => [u._id.toString(), { id: u._id.toString(), username: u.username, displayName: u.displayName }]));
  return entries.map((e) => ({
    id: e._id.toString(),
    kind: e.kind,
    amount: fromMinor(e.amountMinor, e.currency),
    currency: e.currency,
    streamId: e.stream?.toString() ?? null,
    from: (e.fromUser && byId.get(e.fromUser.toString())) ?? null,
    createdAt: e.createdAt.toISOString(),
  }));
}

/** The caller's own ledger: totals per currency (gross, fees, refunds, net), sums per source, entries newest first. */
export async function earnings(actor: Actor, query: { before?: string; limit: number }): Promise<EarningsView> {
  assertPaymentsEnabled();
  await connectDb();
  const creator = new mongoose.Types.ObjectId(actor.id);
  const sums = await sumsOf({ creator });
  const page = await LedgerEntryModel.find({ creator, ...(query.before ? { _id: { $lt: new mongoose.Types.ObjectId(query.before) } } : {}) })
    .sort({ _id: -1 })
    .limit(query.limit + 1)
    .lean<LedgerEntryDoc[]>();
  const more = page.length > query.limit;
  const entries = page.slice(0, query.limit);
  return {
    totals: totalsFrom(sums),
    bySource: bySourceFrom(sums),
    entries: await entryViews(entries),
    nextBefore: more ? (entries[entries.length - 1]?._id.toString() ?? null) : null,
  };
}

/** A stream's net earnings per currency (major unit), from the ledger: what the spec's `totalEarnings` shows. */
export async function totalEarnings(streamId: string): Promise<{ currency: Currency; amount: number }[]> {
  await connectDb();
  const totals = totalsFrom(await sumsOf({ stream: new mongoose.Types.ObjectId(streamId) }));
  return totals.map((t) => ({ currency: t.currency, amount: t.net }));
}

/** A stream's money by source and its net per currency (major units), from the ledger: the stream report's revenue. */
export async function streamRevenue(streamId: string): Promise<Pick<EarningsView, "bySource"> & { totals: { currency: Currency; net: number }[] }> {
  await connectDb();
  const sums = await sumsOf({ stream: new mongoose.Types.ObjectId(streamId) });
  return { bySource: bySourceFrom(sums), totals: totalsFrom(sums).map((t) => ({ currency: t.currency, net: t.net })) };
}

/** A creator's net per currency for entries booked since `from`: the channel report's revenue. */
export async function creatorNetSince(creatorId: string, from: Date): Promise<{ currency: Currency; net: number }[]> {
  await connectDb();
  const sums = await sumsOf({ creator: new mongoose.Types.ObjectId(creatorId), createdAt: { $gte: from } });
  return totalsFrom(sums).map((t) => ({ currency: t.currency, net: t.net }));
}
