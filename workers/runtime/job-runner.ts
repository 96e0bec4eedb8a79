import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import type { Redis } from "@/lib/realtime/redis";
import { boardKeys, parseJob, type JobSpec, type JobType, type WorkerInfo } from "@/lib/realtime/media-jobs";
import { log } from "@/lib/logger";

export type StopReason = "cancelled" | "lease-lost" | "shutdown";

export type JobContext = {
  workerId: string;
  /** Aborted when the job must stop: cancelled, its lease lost, or the worker shutting down. */
  signal: AbortSignal;
  /** Why the signal fired (undefined while running). */
  stopReason: () => StopReason | undefined;
  /**
   * A job waiting for something (a recorder before the host's media arrive) says so: waiting jobs do not
   * count against the capacity (up to WAITING_FACTOR times it), so streams without media never starve others.
   */
  setWaiting: (waiting: boolean) => void;
  /**
   * The job's start (joining the room, publishing its tracks) is over. Until then, or until it waits, ends or
   * START_TIMEOUT_MS pass, it counts as starting: see `fits`.
   */
  started: () => void;
};

/** Runs a job until it is done (resolve: the job is complete and removed) or `signal` aborts (finish up and resolve). */
export type JobHandler = (job: JobSpec, ctx: JobContext) => Promise<void>;

export type RunnerOptions = {
  redis: Redis;
  handlers: Partial<Record<JobType, JobHandler>>;
  /** How long a lease lives without renewal: a dead worker's jobs move on after about this long. */
  leaseMs: number;
  /** Jobs of each type run at once. */
  capacity: number;
  rtmp?: boolean;
  workerId?: string;
  /** The job board's name (lib/realtime/media-jobs.ts boardKeys); `media` unless a test keeps its own. */
  board?: string;
};

type Running = { spec: JobSpec; abort: AbortController; reason?: StopReason; done: Promise<void>; waiting: boolean; starting: boolean };

const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then
  if redis.call('hexists', KEYS[2], ARGV[3]) == 0 then return -1 end
  return redis.call('pexpire', KEYS[1], ARGV[2]) end
return 0`;
/** Keeps a failed job's lease as a back-off, but only if it is still ours (another worker may hold it by now). */
const BACKOFF = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end return 0`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`;
/** Completes a job: removes it only if it is still the same enqueue (a newer one would be lost otherwise). */
const COMPLETE = `local cur = redis.call('hget', KEYS[1], ARGV[1])
if cur == ARGV[2] then redis.call('hdel', KEYS[1], ARGV[1]) end
if redis.call('get', KEYS[2]) == ARGV[3] then redis.call('del', KEYS[2]) end return 1`;

const FAILURE_BACKOFF_MS = 5_000;
const WAITING_FACTOR = 10;
const MAX_FAILURES = 5;
/** Jobs other than ingests that start (join a room) at once: a worker taking many over starts them a few at a time. */
const START_AT_ONCE = 2;
/** A job that never says its start is over stops counting as starting after this long. */
const START_TIMEOUT_MS = 10_000;
/** Claim order: the ingest is what viewers see; a recording or a thumbnail can start a moment later. */
const PRIORITY: Record<JobType, number> = { ingest: 0, record: 1, thumbnail: 2 };

/**
 * Claims jobs from the board (lib/media/jobs.ts) up to its capacity, runs them, renews their leases every
 * third of the lease time and stops a job whose lease it lost or which was cancelled. It announces itself
 * (with its jobs) in `media:workers` for /api/health.
 */
export class JobRunner {
  readonly id: string;
  private readonly running = new Map<string, Running>();
  private readonly failures = new Map<string, number>();
  private timers: NodeJS.Timeout[] = [];
  private sub: Redis | null = null;
  private closed = false;
  private claiming = false;
  private claimAgain = false;
  private readonly startedAt = Date.now();
  private readonly k: ReturnType<typeof boardKeys>;

  constructor(private readonly opts: RunnerOptions) {
    this.id = opts.workerId ?? `${hostname()}-${process.pid}-${randomBytes(3).toString("hex")}`;
    this.k = boardKeys(opts.board);
  }

  async start(): Promise<void> {
    const sub = this.opts.redis.duplicate();
    sub.on("error", (err: unknown) => log.warn("media worker subscriber error", { err: String(err) }));
    await sub.connect();
    await sub.subscribe(this.k.wake, () => void this.claim());
    await sub.subscribe(this.k.cancel, (id) => this.stop(id, "cancelled"));
    this.sub = sub;
    const renewEvery = Math.max(200, Math.floor(this.opts.leaseMs / 3));
    this.timers.push(setInterval(() => void this.renew().catch((err: unknown) => log.warn("lease renewal failed", { err: String(err) })), renewEvery));
    this.timers.push(setInterval(() => void this.claim(), Math.min(1000, renewEvery)));
    await this.announce();
    await this.claim();
  }

  /**
   * Whether another job of this type fits: busy ones up to the capacity, all of them up to WAITING_FACTOR
   * times it. Starts are paced: an ingest always starts, other jobs only while no ingest is starting and
   * fewer than START_AT_ONCE of them are. A worker that takes many jobs over at once (another one died) would
   * otherwise join all their rooms together, and the encoder's tracks would wait behind the recorders'
   * connections (24 s for a video track in one CI run).
   */
  private fits(type: JobType): boolean {
    let busy = 0;
    let all = 0;
    let starting = 0;
    for (const r of this.running.values()) {
      if (r.starting && r.spec.type === "ingest" && type !== "ingest") return false;
      if (r.starting && r.spec.type !== "ingest") starting++;
      if (r.spec.type !== type) continue;
      all++;
      if (!r.waiting) busy++;
    }
    if (type !== "ingest" && starting >= START_AT_ONCE) return false;
    return busy < this.opts.capacity && all < this.opts.capacity * WAITING_FACTOR;
  }

  jobs(): JobSpec[] {
    return [...this.running.values()].map((r) => r.spec);
  }

  private async announce(): Promise<void> {
    const info: WorkerInfo = { id: this.id, pid: process.pid, host: hostname(), startedAt: this.startedAt, seenAt: Date.now(), rtmp: Boolean(this.opts.rtmp), capacity: this.opts.capacity, jobs: [...this.running.keys()] };
    await this.opts.redis.multi().hSet(this.k.workerInfo, this.id, JSON.stringify(info)).zAdd(this.k.workers, { score: info.seenAt, value: this.id }).exec();
  }

  private async claim(): Promise<void> {
    if (this.closed) return;
    if (this.claiming) {
      // A start just ended or a job began waiting: look again once this pass is done.
      this.claimAgain = true;
      return;
    }
    this.claiming = true;
    try {
      const r = this.opts.redis;
      const all = await r.hGetAll(this.k.jobs);
      const open: { spec: JobSpec; raw: string }[] = [];
      for (const raw of Object.values(all)) {
        const spec = parseJob(raw);
        if (spec && !this.running.has(spec.id) && this.opts.handlers[spec.type]) open.push({ spec, raw });
      }
      open.sort((a, b) => PRIORITY[a.spec.type] - PRIORITY[b.spec.type] || a.spec.createdAt - b.spec.createdAt);
      for (const { spec, raw } of open) {
        if (this.closed) break;
        // Capacity per type: a worker full of recordings still takes an encoder's ingest.
        if (!this.fits(spec.type)) continue;
        const got = await r.set(this.k.lease(spec.id), this.id, { condition: "NX", expiration: { type: "PX", value: this.opts.leaseMs } });
        if (got !== "OK") continue;
        this.run(spec, raw);
      }
    } catch (err) {
      log.warn("claiming media jobs failed", { err: String(err) });
    } finally {
      this.claiming = false;
      if (this.claimAgain) {
        this.claimAgain = false;
        void this.claim();
      }
    }
  }

  private run(spec: JobSpec, raw: string): void {
    const handler = this.opts.handlers[spec.type];
    if (!handler) return;
    const abort = new AbortController();
    const entry: Running = { spec, abort, done: Promise.resolve(), waiting: false, starting: true };
    const started = () => {
      if (!entry.starting) return;
      entry.starting = false;
      clearTimeout(startTimer);
      void this.claim();
    };
    const startTimer = setTimeout(started, START_TIMEOUT_MS);
    const ctx: JobContext = {
      workerId: this.id,
      signal: abort.signal,
      stopReason: () => entry.reason,
      setWaiting: (waiting) => {
        entry.waiting = waiting;
        if (entry.starting) started();
        else if (waiting) void this.claim();
      },
      started,
    };
    log.info("media job started", { job: spec.id, worker: this.id });
    entry.done = handler(spec, ctx)
      .then(async () => {
        this.failures.delete(spec.id);
        // Finished by itself: complete. Stopped: hand the lease back unless the worker is going away for good.
        if (!entry.reason) await this.opts.redis.eval(COMPLETE, { keys: [this.k.jobs, this.k.lease(spec.id)], arguments: [spec.id, raw, this.id] });
        else if (entry.reason !== "lease-lost") await this.opts.redis.eval(RELEASE, { keys: [this.k.lease(spec.id)], arguments: [this.id] });
        log.info("media job ended", { job: spec.id, reason: entry.reason ?? "done" });
      })
      .catch(async (err: unknown) => {
        const n = (this.failures.get(spec.id) ?? 0) + 1;
        this.failures.set(spec.id, n);
        log.warn("media job failed", { job: spec.id, attempt: n, err: err instanceof Error ? err.message : String(err) });
        if (n >= MAX_FAILURES) {
          await this.opts.redis.eval(COMPLETE, { keys: [this.k.jobs, this.k.lease(spec.id)], arguments: [spec.id, raw, this.id] }).catch(() => undefined);
          this.failures.delete(spec.id);
        } else {
          // Keep the lease a little longer as a back-off, then let any worker retry.
          await this.opts.redis.eval(BACKOFF, { keys: [this.k.lease(spec.id)], arguments: [this.id, String(FAILURE_BACKOFF_MS)] }).catch(() => undefined);
        }
      })
      .finally(() => {
        clearTimeout(startTimer);
        this.running.delete(spec.id);
        void this.announce().catch(() => undefined);
        if (entry.starting) void this.claim();
      });
    this.running.set(spec.id, entry);
    void this.announce().catch(() => undefined);
  }

  private stop(jobId: string, reason: StopReason): void {
    const entry = this.running.get(jobId);
    if (!entry || entry.reason) return;
    entry.reason = reason;
    log.info("media job stopping", { job: jobId, reason });
    entry.abort.abort(reason);
  }

  private async renew(): Promise<void> {
    if (this.closed) return;
    const r = this.opts.redis;
    await Promise.all(
      [...this.running.values()].map(async ({ spec }) => {
        const res = await r.eval(RENEW, { keys: [this.k.lease(spec.id), this.k.jobs], arguments: [this.id, String(this.opts.leaseMs), spec.id] });
        if (res === -1) this.stop(spec.id, "cancelled");
        else if (res === 0) this.stop(spec.id, "lease-lost");
      }),
    );
    await this.announce();
    await r.zRemRangeByScore(this.k.workers, "-inf", Date.now() - 3_600_000);
  }

  /** Stops every job (each finishes what it wrote), hands the leases back and leaves the board. */
  async close(timeoutMs = 15_000): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const t of this.timers) clearInterval(t);
    for (const id of this.running.keys()) this.stop(id, "shutdown");
    const all = Promise.allSettled([...this.running.values()].map((r) => r.done));
    await Promise.race([all, new Promise((r) => setTimeout(r, timeoutMs).unref())]);
    await this.opts.redis.multi().zRem(this.k.workers, this.id).hDel(this.k.workerInfo, this.id).exec().catch(() => undefined);
    await this.sub?.quit().catch(() => undefined);
  }
}
