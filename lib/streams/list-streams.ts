import type { QueryFilter } from "mongoose";
import { connectDb } from "@/lib/db/connection";
import { StreamModel, type StreamDoc } from "@/lib/db/models/stream.model";
import { UserModel, type UserDoc } from "@/lib/db/models/user.model";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/accounts/authenticate";
import { withHosts } from "@/lib/streams/load";
import { LISTED_TYPES, type StreamStatus } from "@/lib/streams/status";
import { queryTerms } from "@/lib/streams/search-terms";
import { rankTrending } from "@/lib/streams/ranking";
import type { CategoryId } from "@/lib/streams/categories";
import type { StreamListView } from "@/lib/streams/schemas";

type Filter = QueryFilter<StreamDoc>;
const LISTED = { streamType: { $in: LISTED_TYPES } };

async function page(filter: Filter, sort: Record<string, 1 | -1>, pageNo: number, limit: number): Promise<StreamListView> {
  await connectDb();
  const rows = await StreamModel.find(filter).sort(sort).skip((pageNo - 1) * limit).limit(limit + 1).lean<StreamDoc[]>();
  const hasMore = rows.length > limit;
  return { streams: await withHosts(rows.slice(0, limit)), pagination: { page: pageNo, limit, hasMore } };
}

/** Live, listed streams ranked by viewers and engagement with recency decay. */
export async function trendingStreams(q: { limit: number; category?: CategoryId }): Promise<StreamListView> {
  await connectDb();
  const filter: Filter = { status: "live", ...LISTED, ...(q.category ? { category: q.category } : {}) };
  // Rank a bounded candidate set taken by current viewers (indexed), not the whole collection.
  const candidates = await StreamModel.find(filter).sort({ "analytics.currentViewers": -1, startedAt: -1 }).limit(Math.min(200, q.limit * 5)).lean<StreamDoc[]>();
  const ranked = rankTrending(
    candidates.map((s) => ({ s, currentViewers: s.analytics?.currentViewers ?? 0, likes: s.analytics?.likes ?? 0, shares: s.analytics?.shares ?? 0, chatMessages: s.analytics?.chatMessages ?? 0, reactions: s.analytics?.reactions ?? 0, startedAt: s.startedAt ?? null })),
  ).slice(0, q.limit);
  return { streams: await withHosts(ranked.map((r) => r.s)), pagination: { page: 1, limit: q.limit, hasMore: candidates.length > q.limit } };
}

/** Word-prefix search over title, tags, host name and description; live first, then upcoming. */
export async function searchStreams(q: { q: string; category?: CategoryId; limit: number; page: number }): Promise<StreamListView> {
  const terms = queryTerms(q.q);
  // The schema asks for a letter or digit; one that leaves no word (a lone combining mark) finds nothing.
  if (!terms.length) return { streams: [], pagination: { page: q.page, limit: q.limit, hasMore: false } };
  return page({ searchTerms: { $all: terms }, status: { $in: ["live", "scheduled"] }, ...LISTED, ...(q.category ? { category: q.category } : {}) }, { status: 1, "analytics.currentViewers": -1, scheduledFor: 1 }, q.page, q.limit);
}

/** Live streams of a category, most watched first. */
export async function categoryStreams(category: CategoryId, q: { limit: number; page: number }): Promise<StreamListView> {
  return page({ status: "live", category, ...LISTED }, { "analytics.currentViewers": -1, startedAt: -1 }, q.page, q.limit);
}

/** Scheduled, listed streams from an hour ago onwards, soonest first. */
export async function upcomingStreams(q: { limit: number; category?: CategoryId }): Promise<StreamListView> {
  return page({ status: "scheduled", scheduledFor: { $gte: new Date(Date.now() - 3_600_000) }, ...LISTED, ...(q.category ? { category: q.category } : {}) }, { scheduledFor: 1 }, 1, q.limit);
}

/** Every stream of the caller, any status or type, newest first. */
export async function myStreams(actor: Actor, q: { limit: number; page: number; status?: StreamStatus }): Promise<StreamListView> {
  return page({ host: actor.id, ...(q.status ? { status: q.status } : {}) }, { createdAt: -1 }, q.page, q.limit);
}

/** A channel's listed streams: on air, upcoming and recent, for its page. */
export async function channelStreams(idOrUsername: string, q: { limit: number }): Promise<StreamListView> {
  await connectDb();
  const user = await UserModel.findOne(/^[a-f0-9]{24}$/i.test(idOrUsername) ? { _id: idOrUsername } : { usernameLower: idOrUsername.toLowerCase() }, { _id: 1 }).lean<UserDoc>();
  if (!user) throw new AppError("NOT_FOUND", "User not found");
  return page({ host: user._id, ...LISTED }, { createdAt: -1 }, 1, q.limit);
}

/** Live stream counts per category, for the home page. */
export async function liveCountsByCategory(): Promise<Record<string, number>> {
  await connectDb();
  const rows = await StreamModel.aggregate<{ _id: string; count: number }>([{ $match: { status: "live", ...LISTED } }, { $group: { _id: "$category", count: { $sum: 1 } } }]);
  return Object.fromEntries(rows.map((r) => [r._id, r.count]));
}
