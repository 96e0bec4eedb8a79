import { z, type ZodType } from "zod";
import { authResultSchema, loginInput, publicUserSchema, registerInput, selfUserSchema } from "@/lib/accounts/schemas";
import {
  categoryParams, categoryQuery, channelQuery, createStreamInput, createStreamResult, myStreamsQuery, searchQuery, streamIdParams,
  streamListView, streamView, trendingQuery, upcomingQuery, updateStreamInput,
} from "@/lib/streams/schemas";
import { chatMessageView, historyQuery, messageParams, REACTION_EMOJIS, restSendMessageInput } from "@/lib/chat/schemas";

export type Operation = {
  method: "get" | "post" | "patch" | "put" | "delete";
  path: string;
  summary: string;
  tag: string;
  auth?: "required" | "optional";
  params?: ZodType;
  query?: ZodType;
  body?: ZodType;
  response?: ZodType;
  status?: number;
  errors?: number[];
};

const userParams = z.object({ id: z.string() });
const followResult = z.object({ following: z.boolean(), followerCount: z.number() });
const keyResult = z.object({ streamKey: z.string(), keyRotatedAt: z.string().nullable(), urls: createStreamResult.shape.urls });
const engagement = z.object({ liked: z.boolean().optional(), likes: z.number(), shares: z.number() });
const S = "Streams";
const C = "Chat";
const chatPage = z.object({ messages: z.array(chatMessageView), nextBefore: z.string().nullable() });
const D = "Discovery";

const healthCheck = z.object({ ok: z.boolean(), latencyMs: z.number(), error: z.string().optional() });

/** Every REST operation, described from the same zod schemas the routes parse with. */
export const operations: Operation[] = [
  {
    method: "post", path: "/api/auth/register", tag: "Accounts", summary: "Create an account; returns the user and a bearer token",
    body: registerInput, response: authResultSchema, status: 201, errors: [400, 409, 429],
  },
  {
    method: "post", path: "/api/auth/login", tag: "Accounts", summary: "Exchange username-or-email and password for a bearer token",
    body: loginInput, response: authResultSchema, errors: [400, 401, 429],
  },
  { method: "post", path: "/api/auth/logout", tag: "Accounts", summary: "Revoke every bearer token of the caller", auth: "required", response: z.object({ revoked: z.boolean() }), errors: [401] },
  { method: "get", path: "/api/users/me", tag: "Accounts", summary: "The caller's own profile", auth: "required", response: selfUserSchema, errors: [401] },
  {
    method: "get", path: "/api/users/{id}", tag: "Accounts", summary: "A public profile by id or username",
    params: z.object({ id: z.string() }), response: publicUserSchema, errors: [404],
  },
  { method: "get", path: "/api/users/{id}/follow", tag: "Accounts", summary: "Whether the caller follows the user, and their follower count", auth: "optional", params: userParams, response: followResult, errors: [404] },
  { method: "post", path: "/api/users/{id}/follow", tag: "Accounts", summary: "Follow a user (idempotent)", auth: "required", params: userParams, response: followResult, errors: [404, 422] },
  { method: "delete", path: "/api/users/{id}/follow", tag: "Accounts", summary: "Unfollow a user (idempotent)", auth: "required", params: userParams, response: followResult, errors: [404] },
  { method: "get", path: "/api/users/{id}/streams", tag: D, summary: "A channel's listed streams (on air, upcoming, recent)", params: userParams, query: channelQuery, response: streamListView, errors: [404] },
  { method: "post", path: "/api/livestream/create", tag: S, summary: "Create a stream (scheduled); returns its key and publishing URLs", auth: "required", body: createStreamInput, response: createStreamResult, status: 201, errors: [429] },
  { method: "get", path: "/api/livestream/{id}", tag: S, summary: "A stream's public details (never the key)", params: streamIdParams, response: streamView, errors: [404] },
  { method: "patch", path: "/api/livestream/{id}", tag: S, summary: "Edit or reschedule a stream (host only)", auth: "required", params: streamIdParams, body: updateStreamInput, response: streamView, errors: [403, 404, 409] },
  { method: "delete", path: "/api/livestream/{id}", tag: S, summary: "Delete a stream that is not on air (host only)", auth: "required", params: streamIdParams, response: z.object({ deleted: z.boolean() }), errors: [403, 404, 409] },
  { method: "post", path: "/api/livestream/{id}/start", tag: S, summary: "Go live (idempotent; one live stream per host)", auth: "required", params: streamIdParams, response: streamView, errors: [403, 404, 409, 503] },
  { method: "post", path: "/api/livestream/{id}/pause", tag: S, summary: "Pause a live stream", auth: "required", params: streamIdParams, response: streamView, errors: [403, 404, 409] },
  { method: "post", path: "/api/livestream/{id}/resume", tag: S, summary: "Resume a paused stream", auth: "required", params: streamIdParams, response: streamView, errors: [403, 404, 409] },
  { method: "post", path: "/api/livestream/{id}/end", tag: S, summary: "End a stream and everything attached to it (idempotent)", auth: "required", params: streamIdParams, response: streamView, errors: [403, 404, 409] },
  { method: "get", path: "/api/livestream/{id}/key", tag: S, summary: "Reveal the stream key (host only)", auth: "required", params: streamIdParams, response: keyResult, errors: [403, 404] },
  { method: "post", path: "/api/livestream/{id}/key/rotate", tag: S, summary: "Replace the stream key (host only)", auth: "required", params: streamIdParams, response: keyResult, errors: [403, 404] },
  { method: "post", path: "/api/livestream/{id}/like", tag: S, summary: "Like a stream (once per user)", auth: "required", params: streamIdParams, response: engagement, errors: [404] },
  { method: "delete", path: "/api/livestream/{id}/like", tag: S, summary: "Remove a like", auth: "required", params: streamIdParams, response: engagement, errors: [404] },
  { method: "post", path: "/api/livestream/{id}/share", tag: S, summary: "Count a share", auth: "required", params: streamIdParams, response: engagement, errors: [404] },
  { method: "get", path: "/api/livestream/trending", tag: D, summary: "Live streams ranked by viewers and engagement with recency decay", query: trendingQuery, response: streamListView },
  { method: "get", path: "/api/livestream/search", tag: D, summary: "Search live and upcoming streams by title, description, tags and host", query: searchQuery, response: streamListView },
  { method: "get", path: "/api/livestream/category/{category}", tag: D, summary: "Live streams of a category, most watched first", params: categoryParams, query: categoryQuery, response: streamListView },
  { method: "get", path: "/api/livestream/upcoming", tag: D, summary: "Scheduled streams, soonest first", query: upcomingQuery, response: streamListView },
  { method: "get", path: "/api/livestream/categories", tag: D, summary: "The category list with live counts" },
  { method: "get", path: "/api/livestream/user/streams", tag: S, summary: "The caller's own streams, any status", auth: "required", query: myStreamsQuery, response: streamListView },
  { method: "get", path: "/api/livestream/{id}/chat", tag: C, summary: "Chat history, oldest first; page back with `before` (a message id)", auth: "optional", params: streamIdParams, query: historyQuery, response: chatPage, errors: [403, 404] },
  { method: "post", path: "/api/livestream/{id}/chat", tag: C, summary: "Send a chat message (500 characters; rate-limited per user)", auth: "required", params: streamIdParams, body: restSendMessageInput, response: chatMessageView, status: 201, errors: [403, 404, 429] },
  { method: "delete", path: "/api/livestream/{id}/chat/{messageId}", tag: C, summary: "Delete a message (its sender or the host)", auth: "required", params: messageParams, response: z.object({ deleted: z.boolean(), messageId: z.string() }), errors: [403, 404] },
  { method: "post", path: "/api/livestream/{id}/reactions", tag: C, summary: "Send a floating reaction (coalesced into periodic aggregates)", auth: "required", params: streamIdParams, body: z.object({ emoji: z.enum(REACTION_EMOJIS) }), response: z.object({ queued: z.boolean() }), status: 202, errors: [403, 404, 429] },
  {
    method: "get", path: "/api/health", tag: "System", summary: "Each dependency's status and latency (503 when degraded)",
    response: z.object({ status: z.enum(["ok", "degraded"]), uptimeSeconds: z.number(), memory: z.object({ rssBytes: z.number(), heapUsedBytes: z.number() }), checks: z.record(z.string(), healthCheck) }),
  },
];
