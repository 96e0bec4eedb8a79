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
import { fromIndex, type Entry } from "@/lib/streams/discovery-index";
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

/** Live, listed streams ranked by viewers and engagement with recency decay (from the discovery set, no database round trip). */
export async function trendingStreams(q: { limit: number; category?: CategoryId }): Promise<StreamListView> {
  return fromIndex(`t\u0000${q.category ?? ""}\u0000${q.limit}`, (entries) => {
    const live = [...entries].filter((e) => e.status === "live" && (!q.category || e.category === q.category));
    const ranked = rankTrending(live).slice(0, q.limit);
    return { streams: ranked.map((e) => e.view), pagination: { page: 1, limit: q.limit, hasMore: live.length > q.limit } };
  });
}

/** Live before upcoming; then most watched; then soonest (unscheduled first, as the database sorts null); then oldest. */
function searchOrder(a: Entry, b: Entry): number {
  if (a.status !== b.status) return a.status < b.status ? -1 : 1;
  if (a.currentViewers !== b.currentViewers) return b.currentViewers - a.currentViewers;
  if (a.scheduledFor !== b.scheduledFor) return (a.scheduledFor ?? -Infinity) - (b.scheduledFor ?? -Infinity);
  return a.view.id < b.view.id ? -1 : a.view.id > b.view.id ? 1 : 0;
}

/** Word-prefix search over title, tags, host name and description; live first, then upcoming (from the discovery set). */
export async function searchStreams(q: { q: string; category?: CategoryId; limit: number; page: number }): Promise<StreamListView> {
  const terms = queryTerms(q.q);
  // The schema asks for a letter or digit; one that leaves no word (a lone combining mark) finds nothing.
  if (!terms.length) return { streams: [], pagination: { page: q.page, limit: q.limit, hasMore: false } };
  return fromIndex(`s\u0000${terms.join(" ")}\u0000${q.category ?? ""}\u0000${q.limit}\u0000${q.page}`, (entries) => {
    const found = [...entries].filter((e) => (!q.category || e.category === q.category) && terms.every((t) => e.terms.has(t))).sort(searchOrder);
    const from = (q.page - 1) * q.limit;
    return { streams: found.slice(from, from + q.limit).map((e) => e.view), pagination: { page: q.page, limit: q.limit, hasMore: found.length > from + q.limit } };
  });
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
