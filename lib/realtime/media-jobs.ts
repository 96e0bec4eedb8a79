import "server-only";
import { z } from "zod";
import { redisClient, type Redis } from "@/lib/realtime/redis";
import { AppError } from "@/lib/errors";

/**
 * The media worker's job board, in Redis. A job is a JSON entry of the hash `media:jobs` under a stable id
 * (`record:<streamId>`): enqueueing is idempotent, cancelling is deleting it. A worker runs a job while it
 * holds the job's lease, `media:lease:<id>`, a key it sets only if absent and keeps renewing; a worker that
 * dies stops renewing and another one takes the job when the lease lapses (MEDIA_LEASE_MS, seconds).
 */
export const JOB_TYPES = ["ingest", "record", "thumbnail"] as const;
export type JobType = (typeof JOB_TYPES)[number];

export const jobSpec = z.object({
  id: z.string(),
  type: z.enum(JOB_TYPES),
  streamId: z.string(),
  /** Per-type parameters (e.g. the RTMP session to pull for an ingest). */
  data: z.record(z.string(), z.unknown()).default({}),
  createdAt: z.number(),
});
export type JobSpec = z.infer<typeof jobSpec>;

/** The Redis names of one job board; `media` is the platform's (tests use boards of their own). */
export function boardKeys(board = "media") {
  return {
    jobs: `${board}:jobs`,
    workers: `${board}:workers`,
    workerInfo: `${board}:worker-info`,
    wake: `${board}:wake`,
    cancel: `${board}:cancel`,
    lease: (jobId: string) => `${board}:lease:${jobId}`,
  };
}
const K = boardKeys();

export function jobId(type: JobType, streamId: string): string {
  return `${type}:${streamId}`;
}

async function redis(): Promise<Redis> {
  const client = redisClient();
  if (!client) throw new AppError("SERVICE_UNAVAILABLE", "Media jobs need Redis (REDIS_URL)");
  return client;
}

/** Adds (or replaces) a job and wakes the workers; returns its id. */
export async function enqueueJob(type: JobType, streamId: string, data: Record<string, unknown> = {}): Promise<string> {
  const spec: JobSpec = { id: jobId(type, streamId), type, streamId, data, createdAt: Date.now() };
  const r = await redis();
  await r.hSet(K.jobs, spec.id, JSON.stringify(spec));
  await r.publish(K.wake, spec.id);
  return spec.id;
}

/** Adds a job unless one with its id is on the board already (a running one keeps going untouched). */
export async function ensureJob(type: JobType, streamId: string, data: Record<string, unknown> = {}): Promise<boolean> {
  const spec: JobSpec = { id: jobId(type, streamId), type, streamId, data, createdAt: Date.now() };
  const r = await redis();
  const added = await r.hSetNX(K.jobs, spec.id, JSON.stringify(spec));
  if (added) await r.publish(K.wake, spec.id);
  return Boolean(added);
}

/** Removes a job; the worker running it is told at once (and would notice at its next renewal anyway). */
export async function cancelJob(type: JobType, streamId: string): Promise<boolean> {
  const id = jobId(type, streamId);
  const r = await redis();
  const removed = await r.hDel(K.jobs, id);
  await r.publish(K.cancel, id);
  return removed > 0;
}

export function parseJob(raw: string | undefined | null): JobSpec | null {
  if (!raw) return null;
  try {
    const parsed = jobSpec.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export type WorkerInfo = { id: string; pid: number; host: string; startedAt: number; seenAt: number; rtmp: boolean; capacity: number; jobs: string[] };
export type JobState = { id: string; type: JobType; streamId: string; createdAt: number; worker: string | null };
export type MediaStatus = { workers: WorkerInfo[]; jobs: JobState[] };

/** Workers seen within the last `staleMs`, and every job with the worker holding its lease (null: waiting). */
export async function mediaStatus(staleMs = 10_000): Promise<MediaStatus> {
  const r = await redis();
  const since = Date.now() - staleMs;
  const [ids, raw] = await Promise.all([r.zRangeByScore(K.workers, since, "+inf"), r.hGetAll(K.jobs)]);
  const infos = ids.length ? await r.hmGet(K.workerInfo, ids) : [];
  const workers = infos.flatMap((s) => (s ? [JSON.parse(s) as WorkerInfo] : []));
  const specs = Object.values(raw).flatMap((s) => parseJob(s) ?? []).slice(0, 500);
  const holders = specs.length ? await r.mGet(specs.map((s) => K.lease(s.id))) : [];
  const jobs = specs.map((s, i) => ({ id: s.id, type: s.type, streamId: s.streamId, createdAt: s.createdAt, worker: holders[i] ?? null }));
  return { workers, jobs };
}
