import type { Model } from "mongoose";

/** MongoDB's (and FerretDB's) answer when a unique index refuses a write. */
export function isDuplicateKey(err: unknown): err is { code: 11000; keyPattern?: Record<string, unknown>; message?: string } {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === 11000;
}

/**
 * Creates the document unless one with the same unique key exists; true when this call created it. The
 * unique index decides races (there are no transactions on FerretDB), so two concurrent calls never both
 * return true — counters moved only on `true` move once.
 */
export async function insertIfAbsent<T>(model: Model<T>, doc: Record<string, unknown>): Promise<boolean> {
  try {
    await new model(doc).save();
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}
