import "server-only";
import { randomBytes } from "node:crypto";
import mongoose from "mongoose";
import { config } from "@/lib/config";
import { connectDb } from "@/lib/db/connection";
import { LRUCache } from "lru-cache";
import { StatsMinuteModel, ViewerSessionModel, statsMinuteId, viewerSessionId } from "@/lib/db/models/analytics.model";
import { STREAM_COLLECTION, StreamModel } from "@/lib/db/models/stream.model";
import { holdDocs } from "@/lib/db/serial-writes";
import { log } from "@/lib/logger";
import { processSingleton } from "@/lib/singleton";
import { redisClient } from "@/lib/realtime/redis";

export const MINUTE_MS = 60_000;
export const minuteOf = (t: number) => Math.floor(t / MINUTE_MS) * MINUTE_MS;

/** A stretch [from, to) cut at minute boundaries: each minute's start and its milliseconds. */
export function minuteShares(from: number, to: number): [minute: number, ms: number][] {
  const out: [number, number][] = [];
  for (let t = from; t < to; t = minuteOf(t) + MINUTE_MS) out.push([minuteOf(t), Math.min(to, minuteOf(t) + MINUTE_MS) - t]);
  return out;
}

export type Counters = { joins: number; watchMs: number; chatMessages: number; reactions: number; likes: number; follows: number };
export type Quality = { n: number; bitrateKbps: number; fps: number; droppedFrames: number; packetLoss: number; rttMs: number };
type Bucket = { stream: string; host: string; minute: number; viewers: number; inc: Counters; q: Quality };

const zeroCounters = (): Counters => ({ joins: 0, watchMs: 0, chatMessages: 0, reactions: 0, likes: 0, follows: 0 });
const zeroQuality = (): Quality => ({ n: 0, bitrateKbps: 0, fps: 0, droppedFrames: 0, packetLoss: 0, rttMs: 0 });

/** What a session's first write sets: who, where from, on what. */
export type SessionFacts = { user?: string; country: string; browser: string; os: string; deviceType: string };
type SessionDelta = { stream: string; host: string; viewerKey: string; views: number; watchMs: number; firstSeen: number; lastSeen: number; facts?: SessionFacts };
type Pending = {
  buckets: Map<string, Bucket>;
  sessions: Map<string, SessionDelta>;
  peaks: Map<string, number>;
};
const empty = (): Pending => ({ buckets: new Map(), sessions: new Map(), peaks: new Map() });

/**
 * Write-behind for analytics: every observation (a view, watch time, a chat batch, a like, a follow, a
 * quality report) lands in memory, in the bucket of its stream and minute; every ANALYTICS_FLUSH_INTERVAL_MS
 * one bulk write per collection applies them with $inc/$max (upserts), so the hot paths never wait for
 * the database and concurrent app processes add up instead of overwriting each other.
 */
class AnalyticsBuffer {
  private pending = empty();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private writing: Promise<void> = Promise.resolve();
  /**
   * What this process last wrote of each minute's viewers and each stream's peak: the ticks report viewers
   * every few seconds for every live stream, and a figure that did not rise is not written again (each
   * write is a read-modify-write of a document others write too).
   */
  private readonly written = new LRUCache<string, number>({ max: 20_000 });

  private bucket(stream: string, host: string, at: number): Bucket {
    const minute = minuteOf(at);
    const id = `${stream}|${minute}`;
    let b = this.pending.buckets.get(id);
    if (!b) this.pending.buckets.set(id, (b = { stream, host, minute, viewers: 0, inc: zeroCounters(), q: zeroQuality() }));
    this.schedule();
    return b;
  }

  count(stream: string, host: string, at: number, add: Partial<Counters>): void {
    const b = this.bucket(stream, host, at);
    for (const [key, n] of Object.entries(add) as [keyof Counters, number][]) b.inc[key] += n;
  }

  /** Viewers present at `at`: the minute's and the stream's peak rise to it. */
  viewers(stream: string, host: string, at: number, current: number): void {
    const b = this.bucket(stream, host, at);
    b.viewers = Math.max(b.viewers, current);
    this.pending.peaks.set(stream, Math.max(this.pending.peaks.get(stream) ?? 0, current));
  }

  quality(stream: string, host: string, at: number, q: Omit<Quality, "n">): void {
    const b = this.bucket(stream, host, at);
    b.q.n += 1;
    for (const key of ["bitrateKbps", "fps", "droppedFrames", "packetLoss", "rttMs"] as const) b.q[key] += q[key];
  }

  private session(stream: string, host: string, viewerKey: string, at: number): SessionDelta {
    const id = `${stream}|${viewerKey}`;
    let s = this.pending.sessions.get(id);
    if (!s) this.pending.sessions.set(id, (s = { stream, host, viewerKey, views: 0, watchMs: 0, firstSeen: at, lastSeen: at }));
    s.firstSeen = Math.min(s.firstSeen, at);
    s.lastSeen = Math.max(s.lastSeen, at);
    this.schedule();
    return s;
  }

  /** A viewer arrived (a new view or not): their session exists from now on, with where they watch from. */
  arrived(stream: string, host: string, viewerKey: string, at: number, view: boolean, facts: SessionFacts): void {
    const s = this.session(stream, host, viewerKey, at);
    s.facts ??= facts;
    if (view) {
      s.views += 1;
      this.count(stream, host, at, { joins: 1 });
    }
  }

  /** A closed stretch of presence: the session's watch time, and each minute's share of it. */
  watched(stream: string, host: string, viewerKey: string, from: number, to: number): void {
    if (to <= from) return;
    for (const [minute, ms] of minuteShares(from, to)) this.count(stream, host, minute, { watchMs: ms });
    this.session(stream, host, viewerKey, from).watchMs += to - from;
    this.session(stream, host, viewerKey, to);
  }

  private schedule() {
    if (this.timer) return;
    this.timer = setTimeout(() => void this.flush(), config().ANALYTICS_FLUSH_INTERVAL_MS);
    this.timer.unref?.();
  }

  /** Writes everything pending; resolves when written (readers call it first to see this process's latest). */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const batch = this.pending;
    this.pending = empty();
    this.writing = this.writing.then(() => this.write(batch));
    return this.writing;
  }

  /** Drops what would change nothing: a minute with only a viewer figure no higher than written, a peak likewise. */
  private prune(batch: Pending): void {
    for (const [id, b] of batch.buckets) {
      const quiet = b.q.n === 0 && Object.values(b.inc).every((n) => n === 0);
      if (quiet && (this.written.get(`m:${id}`) ?? -1) >= b.viewers) batch.buckets.delete(id);
    }
    for (const [id, peak] of batch.peaks) if ((this.written.get(`p:${id}`) ?? -1) >= peak) batch.peaks.delete(id);
  }

  private remember(batch: Pending): void {
    for (const [id, b] of batch.buckets) this.written.set(`m:${id}`, Math.max(this.written.get(`m:${id}`) ?? 0, b.viewers));
    for (const [id, peak] of batch.peaks) this.written.set(`p:${id}`, Math.max(this.written.get(`p:${id}`) ?? 0, peak));
  }

  private async write(batch: Pending): Promise<void> {
    this.prune(batch);
    if (!batch.buckets.size && !batch.sessions.size && !batch.peaks.size) return;
    const release = await writeTurn();
    try {
      await connectDb();
      const oid = (id: string) => new mongoose.Types.ObjectId(id);
      if (batch.buckets.size) {
        await upsertAll(StatsMinuteModel, 
          [...batch.buckets.values()].map((b) => ({
            updateOne: {
              filter: { _id: statsMinuteId(b.stream, b.minute) },
              update: {
                $setOnInsert: { stream: oid(b.stream), minute: new Date(b.minute), host: oid(b.host) },
                $max: { viewers: b.viewers },
                $inc: { ...b.inc, "q.n": b.q.n, "q.bitrateKbps": b.q.bitrateKbps, "q.fps": b.q.fps, "q.droppedFrames": b.q.droppedFrames, "q.packetLoss": b.q.packetLoss, "q.rttMs": b.q.rttMs },
              },
              upsert: true,
            },
          })),
        );
      }
      if (batch.sessions.size) {
        // Every write of a session goes through here, one batch at a time: no two writers race on one document.
        await upsertAll(
          ViewerSessionModel,
          [...batch.sessions.values()].map((s) => ({
            updateOne: {
              filter: { _id: viewerSessionId(s.stream, s.viewerKey) },
              update: {
                $setOnInsert: { stream: oid(s.stream), viewerKey: s.viewerKey, host: oid(s.host), firstSeen: new Date(s.firstSeen), ...s.facts, ...(s.facts?.user ? { user: oid(s.facts.user) } : {}) },
                $inc: { views: s.views, watchMs: s.watchMs },
                $max: { lastSeen: new Date(s.lastSeen) },
              },
              upsert: true,
            },
          })),
        );
      }
      if (batch.peaks.size) {
        const release = await holdDocs(STREAM_COLLECTION, [...batch.peaks.keys()]);
        try {
          await StreamModel.bulkWrite([...batch.peaks].map(([id, peak]) => ({ updateOne: { filter: { _id: oid(id) }, update: { $max: { "analytics.peakViewers": peak } } } })), { ordered: false });
        } finally {
          release();
        }
      }
      this.remember(batch);
    } catch (err) {
      log.error("analytics flush failed", { buckets: batch.buckets.size, sessions: batch.sessions.size, err: String(err) });
    } finally {
      await release();
    }
  }
}

const TURN_KEY = "an:flush:turn";
const TURN_MS = 10_000;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/**
 * App processes take turns writing analytics (a Redis lease, at most TURN_MS, waited for up to that long):
 * FerretDB loses updates made concurrently to one document, and two processes flushing the same minute
 * would otherwise race. Within a process, flushes are already one after another.
 */
async function writeTurn(): Promise<() => Promise<void>> {
  const redis = redisClient();
  if (!redis) return async () => undefined;
  const r = await redis;
  const me = randomBytes(8).toString("hex");
  const until = Date.now() + TURN_MS;
  while (Date.now() < until && (await r.set(TURN_KEY, me, { NX: true, PX: TURN_MS })) !== "OK") await new Promise((res) => setTimeout(res, 25));
  return async () => {
    await r.eval(RELEASE, { keys: [TURN_KEY], arguments: [me] }).catch(() => undefined);
  };
}

type WriteError = { index?: number; code?: number; err?: { index?: number; code?: number } };

/**
 * Upserts in one unordered bulk write. Two app processes creating the same minute at once both try to
 * insert it and one loses to the unique index: its operations are applied again, now as updates.
 */
async function upsertAll<T>(model: { bulkWrite: (ops: T[], opts: { ordered: boolean }) => Promise<unknown> }, ops: T[]): Promise<void> {
  try {
    await model.bulkWrite(ops, { ordered: false });
  } catch (err) {
    const errors = ((err as { writeErrors?: WriteError[] }).writeErrors ?? []).map((e) => ({ index: e.index ?? e.err?.index, code: e.code ?? e.err?.code }));
    const again = errors.filter((e) => e.code === 11000 && e.index !== undefined).map((e) => ops[e.index as number]).filter((op): op is T => op !== undefined);
    if (!again.length || again.length < errors.length) throw err;
    await model.bulkWrite(again, { ordered: false });
  }
}

export const analyticsBuffer = processSingleton("analytics.buffer", () => new AnalyticsBuffer());
