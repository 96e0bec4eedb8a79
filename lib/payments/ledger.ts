import mongoose, { Schema, type Model } from "mongoose";
import { connectDb } from "@/lib/db/connection";
import { insertIfAbsent } from "@/lib/db/writes";
import type { LedgerKind } from "@/lib/payments/schemas";

// Stand-in for P1's module (h18-core): replaced when that branch is merged.

const ledgerSchema = new Schema(
  {
    creator: { type: Schema.Types.ObjectId, required: true },
    kind: { type: String, required: true },
    amountMinor: { type: Number, required: true },
    currency: { type: String, required: true },
    ref: { type: String, required: true },
    stream: { type: Schema.Types.ObjectId },
    from: { type: Schema.Types.ObjectId },
  },
  { timestamps: true },
);
ledgerSchema.index({ ref: 1, kind: 1 }, { unique: true });
type LedgerDoc = { creator: mongoose.Types.ObjectId; kind: string; amountMinor: number; currency: string; ref: string };
const LedgerModel: Model<LedgerDoc> = (mongoose.models.LedgerEntry as Model<LedgerDoc> | undefined) ?? mongoose.model<LedgerDoc>("LedgerEntry", ledgerSchema);

export async function recordLedger(e: { creatorId: string; kind: LedgerKind; amountMinor: number; currency: string; ref: string; streamId?: string | null; fromUserId?: string | null }): Promise<boolean> {
  const sign = ["platform_fee", "refund", "dispute"].includes(e.kind) ? -1 : 1;
  await connectDb();
  return insertIfAbsent(LedgerModel, { creator: e.creatorId, kind: e.kind, amountMinor: sign * e.amountMinor, currency: e.currency, ref: e.ref, stream: e.streamId, from: e.fromUserId });
}

/** A stream's net earnings per currency (major unit), from the ledger (stand-in). */
export async function totalEarnings(streamId: string): Promise<{ currency: "USD" | "EUR" | "GBP" | "JPY"; amount: number }[]> {
  await connectDb();
  const rows = await LedgerModel.aggregate<{ _id: "USD" | "EUR" | "GBP" | "JPY"; minor: number }>([{ $match: { stream: new mongoose.Types.ObjectId(streamId) } }, { $group: { _id: "$currency", minor: { $sum: "$amountMinor" } } }]);
  return rows.map((r) => ({ currency: r._id, amount: r._id === "JPY" ? r.minor : r.minor / 100 }));
}
