import "server-only";
import mongoose from "mongoose";
import { config } from "@/lib/config";
import { connectDb } from "@/lib/db/connection";
import { ViewerSessionModel } from "@/lib/db/models/analytics.model";
import { StreamModel, type StreamDoc } from "@/lib/db/models/stream.model";
import { log } from "@/lib/logger";
import { processSingleton } from "@/lib/singleton";
import { streamSnapshot } from "@/lib/access";
import { isOnAir, type StreamStatus } from "@/lib/streams/status";
import { analyticsBuffer } from "@/lib/analytics/buffer";
import { clientInfoOf, type ClientInfo } from "@/lib/analytics/client-info";
import { attach, clearAll, countChannelViewer, detach, recallClient, rememberClient, sweep, type OpenInterval } from "@/lib/analytics/presence-state";

/** A client as an edge saw it: its address (after the trusted-proxy rules) and User-Agent. */
export type ViewerClient = { ip?: string | null; userAgent?: string | null };

/** Lists the Socket.IO viewers present in a stream now, with their presence process (`p:<pid>`). */
export type PresenceMembers = (streamId: string) => Promise<{ key: string; source: string }[]>;

const state = processSingleton("analytics.tracker", () => ({ chains: new Map<string, Promise<void>>(), members: null as PresenceMembers | null, presencePrefix: (s: string) => `presence:${s}:p:` }));

/** The socket edge tells where presence lives (it owns the Presence instance): used at go-live and by the sweep. */
export function wirePresence(members: PresenceMembers, hashPrefix: (streamId: string) => string): void {
  state.members = members;
  state.presencePrefix = hashPrefix;
}

/** One viewer's changes are applied in the order they happened, each after the previous one's writes. */
function serial(id: string, fn: () => Promise<void>): Promise<void> {
  const next = (state.chains.get(id) ?? Promise.resolve()).then(fn).catch((err: unknown) => log.warn("analytics presence change failed", { id, err: String(err) }));
  state.chains.set(id, next);
  void next.finally(() => state.chains.get(id) === next && state.chains.delete(id));
  return next;
}

/** The stream's host when it is on air (live or paused); a cached snapshot that says otherwise is checked afresh. */
async function onAirHost(streamId: string): Promise<string | null> {
  const snap = await streamSnapshot(streamId);
  if (isOnAir(snap.status)) return snap.hostId;
  await connectDb();
  const s = await StreamModel.findById(streamId, { status: 1, host: 1 }).lean<StreamDoc>();
  return s && isOnAir(s.status as StreamStatus) ? s.host.toString() : null;
}

/** The viewer key a LiveKit identity counts under, the same as their sockets': `guest_<id>` → `a:<id>`, a user id → `u:<id>`. */
export function mediaViewerKey(identity: string): string {
  return identity.startsWith("guest_") ? `a:${identity.slice(6)}` : `u:${identity}`;
}

export const dayOf = (t: number) => new Date(t).toISOString().slice(0, 10);

const UNKNOWN: ClientInfo = { country: "ZZ", browser: "Other", os: "Other", deviceType: "unknown" };

/** Records where a viewer watches from (country, device) before their presence is counted; the first client seen wins. */
export async function noteViewerClient(streamId: string, viewerKey: string, client: ViewerClient): Promise<void> {
  if (!viewerKey) return;
  try {
    await rememberClient(streamId, viewerKey, JSON.stringify(await clientInfoOf(client)));
  } catch (err) {
    log.warn("analytics client not recorded", { err: String(err) });
  }
}

/**
 * A source of a viewer (a presence process, a media participant) appeared. When the viewer was absent it
 * arrives: their session is created (country, device) or touched, and a new view counts unless they were
 * here within ANALYTICS_VIEW_GAP_SECONDS (a reconnect, a refresh, a second tab is the same view).
 */
export function viewerPresent(streamId: string, viewerKey: string, source: string): Promise<void> {
  return serial(`${streamId}|${viewerKey}`, async () => {
    const host = await onAirHost(streamId);
    if (!host) return;
    // Where they watch from is read first: from the moment presence counts them (attach) to their view
    // in the buffer nothing may wait, or a live update could show them present but not yet a view.
    const client = { ...UNKNOWN, ...(JSON.parse((await recallClient(streamId, viewerKey)) ?? "{}") as Partial<ClientInfo>) };
    const now = Date.now();
    const a = await attach(streamId, viewerKey, source, now, config().ANALYTICS_VIEW_GAP_SECONDS * 1000);
    analyticsBuffer.viewers(streamId, host, now, a.current);
    if (!a.arrived) return;
    const user = viewerKey.startsWith("u:") && mongoose.isValidObjectId(viewerKey.slice(2)) ? { user: viewerKey.slice(2) } : {};
    analyticsBuffer.arrived(streamId, host, viewerKey, now, a.newView, { ...client, ...user });
    // The stream's public counter moves at once; the report counts views from its sessions and buckets.
    if (a.newView) await StreamModel.updateOne({ _id: streamId }, { $inc: { "analytics.totalViews": 1 } });
    await countChannelViewer(host, dayOf(now), viewerKey);
  });
}

/** A source of a viewer went away; when it was their last, the stretch they watched is counted. */
export function viewerAbsent(streamId: string, viewerKey: string, source: string): Promise<void> {
  return serial(`${streamId}|${viewerKey}`, async () => {
    const now = Date.now();
    const d = await detach(streamId, viewerKey, source, now);
    if (!d.left) return;
    const snap = await streamSnapshot(streamId);
    analyticsBuffer.watched(streamId, snap.hostId, viewerKey, d.since, now);
  });
}

function closeAll(streamId: string, hostId: string, open: OpenInterval[], at: number): void {
  for (const o of open) analyticsBuffer.watched(streamId, hostId, o.key, o.since, Math.max(o.since, at));
}

/** Resolves when every viewer change under way has been applied (shutdown, before the last flush). */
export async function viewerChangesSettled(): Promise<void> {
  await Promise.all([...state.chains.values()]);
}

/** Going live (or live again): the people already on the page become viewers. */
export async function openStreamAnalytics(streamId: string): Promise<void> {
  const members = state.members ? await state.members(streamId).catch(() => []) : [];
  await Promise.all(members.map((m) => viewerPresent(streamId, m.key, m.source)));
}

/** Viewers whose only app process is gone (crashed) stop watching; run periodically for live streams. */
export async function sweepStreamAnalytics(streamId: string, hostId: string): Promise<void> {
  closeAll(streamId, hostId, await sweep(streamId, state.presencePrefix(streamId), Date.now()), Date.now());
}

/**
 * The stream ended: every viewer's stretch closes at the end, everything pending is written, and the
 * stream's `analytics.averageWatchTime` (seconds per unique viewer) is set from its sessions.
 */
export async function closeStreamAnalytics(streamId: string, hostId: string, endedAt: Date): Promise<void> {
  try {
    closeAll(streamId, hostId, await clearAll(streamId), endedAt.getTime());
    await analyticsBuffer.flush();
    const { viewers, views, watchMs } = await sessionTotals(streamId);
    // The sessions are the record: the stream's counters are set from them once it is over.
    await StreamModel.updateOne({ _id: streamId }, { $set: { "analytics.averageWatchTime": viewers ? Math.round(watchMs / viewers / 1000) : 0, "analytics.totalViews": views } });
  } catch (err) {
    // Figures, not the stream's state: the end stands, and the report still reads the sessions.
    log.warn("analytics not closed at the stream's end", { streamId, err: String(err) });
  }
}

/** Unique viewers, their views and their closed watch time. */
export async function sessionTotals(streamId: string): Promise<{ viewers: number; views: number; watchMs: number }> {
  await connectDb();
  const rows = await ViewerSessionModel.find({ stream: streamId }, { watchMs: 1, views: 1 }).lean<{ watchMs: number; views: number }[]>();
  return { viewers: rows.length, views: rows.reduce((n, r) => n + (r.views ?? 0), 0), watchMs: rows.reduce((n, r) => n + (r.watchMs ?? 0), 0) };
}
