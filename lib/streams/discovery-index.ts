import { LRUCache } from "lru-cache";
import { connectDb } from "@/lib/db/connection";
import { StreamModel, type StreamDoc } from "@/lib/db/models/stream.model";
import { changes } from "@/lib/events";
import { log } from "@/lib/logger";
import { processSingleton } from "@/lib/singleton";
import { withHosts } from "@/lib/streams/load";
import { LISTED_TYPES, type StreamStatus, type StreamType } from "@/lib/streams/status";
import type { RankInput } from "@/lib/streams/ranking";
import type { StreamListView, StreamView } from "@/lib/streams/schemas";

/**
 * Discovery's working set in memory: every listed (public or paid) stream that is live or scheduled, with its
 * public view and search terms. FerretDB scans the whole collection for any filter but `{ _id }`, so trending
 * and search read this instead of the database:
 * - a stream's change (`stream.changed`: creation, edit, status, deletion — from this process or, through the
 *   relay, another) re-reads that one stream by `_id`; reads wait for such re-reads in flight, so a client that
 *   just started or ended a stream sees it listed or gone in its next request;
 * - counters (viewers, likes, chat) and host profiles change without an event: the whole set is re-read at most
 *   every REFRESH_MS while requests come (the stale set answers meanwhile), and a set older than MAX_STALE_MS
 *   is re-read before answering.
 * Results are cached per query until the set changes.
 */
export const REFRESH_MS = 5_000;
const MAX_STALE_MS = 30_000;
const DISCOVERABLE: StreamStatus[] = ["live", "scheduled"];

export type Entry = RankInput & {
  view: StreamView;
  status: StreamStatus;
  category: string;
  terms: Set<string>;
  scheduledFor: number | null;
};

type Index = {
  entries: Map<string, Entry>;
  loadedAt: number;
  reloading: Promise<void> | null;
  /** Re-reads of single streams in flight. */
  pending: Map<string, Promise<void>>;
  /** Counter of changes; `changedAt` says when (in it) each stream last changed, so a full re-read that began before keeps the newer entry. */
  seq: number;
  changedAt: Map<string, number>;
  results: LRUCache<string, StreamListView>;
  /** Bumped whenever `results` is cleared: two reads under one version answer from the same listings. */
  version: number;
};

type Row = StreamDoc & { searchTerms?: string[] };

function isDiscoverable(s: Pick<StreamDoc, "status" | "streamType">): boolean {
  return DISCOVERABLE.includes(s.status as StreamStatus) && LISTED_TYPES.includes(s.streamType as StreamType);
}

function entryOf(s: Row, view: StreamView): Entry {
  const a = s.analytics;
  return {
    view,
    status: s.status as StreamStatus,
    category: s.category,
    terms: new Set(s.searchTerms ?? []),
    scheduledFor: s.scheduledFor ? new Date(s.scheduledFor).getTime() : null,
    currentViewers: a?.currentViewers ?? 0,
    likes: a?.likes ?? 0,
    shares: a?.shares ?? 0,
    chatMessages: a?.chatMessages ?? 0,
    reactions: a?.reactions ?? 0,
    startedAt: s.startedAt ? new Date(s.startedAt) : null,
  };
}

const index = processSingleton("streams.discovery", (): Index => {
  const ix: Index = { entries: new Map(), loadedAt: 0, reloading: null, pending: new Map(), seq: 0, changedAt: new Map(), results: new LRUCache({ max: 1000 }), version: 0 };
  changes.on("stream.changed", ({ streamId }) => {
    // Nothing to follow before the first read: that read loads the set fresh.
    if (ix.loadedAt || ix.reloading) rereadOne(ix, streamId);
  });
  return ix;
});

function rereadOne(ix: Index, id: string): void {
  const mark = ++ix.seq;
  ix.changedAt.set(id, mark);
  const run = (async () => {
    await connectDb();
    const s = await StreamModel.findById(id).select("+searchTerms").lean<Row>();
    // A later change of the same stream started its own read: that one decides.
    if (ix.changedAt.get(id) !== mark) return;
    if (s && isDiscoverable(s)) {
      const [view] = await withHosts([s]);
      if (view && ix.changedAt.get(id) === mark) ix.entries.set(id, entryOf(s, view));
    } else ix.entries.delete(id);
    ix.results.clear();
    ix.version++;
  })()
    .catch((err: unknown) => {
      // The set may now be wrong about this stream: have the next read load it all again.
      ix.loadedAt = 0;
      log.warn("discovery: re-reading a stream failed", { streamId: id, err: String(err) });
    })
    .finally(() => {
      if (ix.pending.get(id) === run) ix.pending.delete(id);
    });
  ix.pending.set(id, run);
}

function reload(ix: Index): Promise<void> {
  ix.reloading ??= (async () => {
    const since = ix.seq;
    await connectDb();
    const rows = await StreamModel.find({ status: { $in: DISCOVERABLE }, streamType: { $in: LISTED_TYPES } })
      .select("+searchTerms")
      .lean<Row[]>();
    const views = await withHosts(rows);
    const next = new Map<string, Entry>();
    rows.forEach((s, i) => {
      const view = views[i];
      if (view) next.set(s._id.toString(), entryOf(s, view));
    });
    // Streams that changed while this read ran keep what their own re-read found (or will find).
    for (const [id, at] of ix.changedAt) {
      if (at <= since) ix.changedAt.delete(id);
      else {
        const mine = ix.entries.get(id);
        if (mine) next.set(id, mine);
        else next.delete(id);
      }
    }
    ix.entries = next;
    ix.loadedAt = Date.now();
    ix.results.clear();
    ix.version++;
  })().finally(() => {
    ix.reloading = null;
  });
  return ix.reloading;
}

/** Past REFRESH_MS a read starts a re-read in the background; the stale set answers meanwhile. */
function refreshIfOld(ix: Index, age: number): void {
  if (age > REFRESH_MS) reload(ix).catch((err: unknown) => log.warn("discovery: refreshing the listing failed", { err: String(err) }));
}

/** The current set: fresh enough for a listing, with every change this process has heard of applied. */
async function current(ix: Index): Promise<Index> {
  if (ix.pending.size) await Promise.all(ix.pending.values());
  const age = Date.now() - ix.loadedAt;
  if (!ix.loadedAt || age > MAX_STALE_MS) await reload(ix);
  else refreshIfOld(ix, age);
  return ix;
}

/**
 * The listings' version when a read now would answer from the set as it is (loaded, fresh enough, no change
 * being re-read), else null; like a read, it starts a refresh when the set is old. A reply made under a
 * version may be given again while the version holds (lib/http/fast-reads.ts): every change, re-read and
 * refresh moves it on.
 */
export function listingVersion(): number | null {
  const age = Date.now() - index.loadedAt;
  if (index.pending.size || !index.loadedAt || age > MAX_STALE_MS) return null;
  refreshIfOld(index, age);
  return index.version;
}

/** A listing computed from the set, cached under `key` until the set changes. */
export async function fromIndex(key: string, compute: (entries: Iterable<Entry>) => StreamListView): Promise<StreamListView> {
  const ix = await current(index);
  const hit = ix.results.get(key);
  if (hit) return hit;
  // Frozen: shared by every request until the set changes, and serialised once for all of them (lib/http/route.ts).
  const out = deepFreeze(compute(ix.entries.values()));
  ix.results.set(key, out);
  return out;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
