import "server-only";
import mongoose from "mongoose";
import { config } from "@/lib/config";
import { processSingleton } from "@/lib/singleton";

type Cache = { promise?: Promise<typeof mongoose> };
const cache = processSingleton<Cache>("db", () => ({}));

/**
 * One connection per process, shared by server.ts and Next's route handlers. autoIndex builds the schema
 * indexes on first use.
 */
export function connectDb(): Promise<typeof mongoose> {
  cache.promise ??= mongoose
    .connect(config().MONGODB_URI, { serverSelectionTimeoutMS: 5000, maxPoolSize: 20, autoIndex: true })
    .catch((err: unknown) => {
      cache.promise = undefined;
      throw err;
    });
  return cache.promise;
}

export async function disconnectDb(): Promise<void> {
  if (!cache.promise) return;
  cache.promise = undefined;
  await mongoose.disconnect();
}

/** Round trip to the database, for /api/health. */
export async function pingDb(): Promise<void> {
  const conn = await connectDb();
  const db = conn.connection.db;
  if (!db) throw new Error("no database handle");
  await db.admin().command({ ping: 1 });
}
