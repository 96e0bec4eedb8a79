import type { Schema } from "mongoose";
import { processSingleton } from "@/lib/singleton";

/**
 * FerretDB (the MongoDB-compatible store on SQLite that small installs and the tests run) applies an update
 * as read, change, write back, without a lock: two updates of one document at once can lose one of them.
 * A host's edit landing just as a counter flush ($inc of chat counts) read the old document was undone that
 * way. MongoDB updates a document atomically; here, within this process, the writes of one document wait
 * for each other. Writes from another process are not covered: the app's counters and edits are all made in
 * the app process; the media worker's one write to a stream (its live thumbnail's time) is not held.
 */
const tails = processSingleton("db.serialWrites", () => new Map<string, Promise<void>>());

/** Waits for the writes of these documents under way, then holds them until the returned release is called. */
export async function holdDocs(collection: string, ids: string[]): Promise<() => void> {
  const unique = [...new Set(ids.map((id) => `${collection}:${id}`))].sort();
  let release!: () => void;
  const mine = new Promise<void>((r) => (release = r));
  const before = unique.map((k) => tails.get(k) ?? Promise.resolve());
  for (const k of unique) tails.set(k, mine);
  await Promise.all(before);
  return () => {
    release();
    for (const k of unique) if (tails.get(k) === mine) tails.delete(k);
  };
}

const RELEASE = Symbol("serialWrites.release");
type Held = { [RELEASE]?: () => void };

/** The document an `_id` filter names (a string or an ObjectId; not an operator like `$in`). */
function idOf(filter: { _id?: unknown } | undefined): string | null {
  const id = filter?._id;
  if (id === undefined || id === null) return null;
  if (typeof id !== "object") return String(id);
  return typeof (id as { toHexString?: unknown }).toHexString === "function" ? String(id) : null;
}

/**
 * Schema plugin: `updateOne` and `findOneAndUpdate` by `_id` hold their document for the write's duration.
 * Writes by another filter are rare here and left as they are; a `bulkWrite` holds its documents itself
 * (`holdDocs` around it: Mongoose's bulkWrite hooks cannot pair a release with its write).
 */
export function serialWrites(schema: Schema, collection: string): void {
  for (const op of ["updateOne", "findOneAndUpdate"] as const) {
    schema.pre(op, async function (this: { getFilter(): { _id?: unknown } } & Held) {
      const id = idOf(this.getFilter());
      if (id) this[RELEASE] = await holdDocs(collection, [id]);
    });
    schema.post(op, function (this: Held) {
      this[RELEASE]?.();
    });
    // An error handler (three parameters): a failed write lets go too. Mongoose's types offer this form
    // for model hooks only, though query hooks take it alike.
    (schema as unknown as { post(op: string, fn: (this: Held, err: unknown, res: unknown, next: (err?: unknown) => void) => void): void }).post(op, function (err, _res, next) {
      this[RELEASE]?.();
      next(err);
    });
  }
}
