import "server-only";
import { config } from "@/lib/config";

// Stand-in for P1's module (h18-core): replaced when that branch is merged.

export type PayoutTarget = { destination?: string; feePercent: number; feeMinor: (amountMinor: number) => number };

/** Where a creator's money goes: the platform's own account here (no Connect in the stand-in). */
export async function payoutTarget(_creatorId: string): Promise<PayoutTarget> {
  void config();
  return { feePercent: 0, feeMinor: () => 0 };
}

/** `account.updated` (stand-in: P1 keeps the account's state). */
export async function accountUpdated(_event: unknown): Promise<void> {}
