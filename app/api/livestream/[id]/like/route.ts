import { z } from "zod";
import { route } from "@/lib/http/route";
import { likeResult, streamIdParams } from "@/lib/streams/schemas";
import { hasLiked, likeStream, unlikeStream } from "@/lib/streams/engagement";

const T = "Streams";

export const GET = route(
  { tag: T, summary: "Whether the caller likes the stream", auth: "required", params: streamIdParams, response: z.object({ liked: z.boolean() }), errors: [404] },
  async ({ actor, params }) => ({ liked: await hasLiked(actor, params.id) }),
);
export const POST = route(
  { tag: T, summary: "Like a stream (once per user); likes, unlikes and shares are limited per user", auth: "required", params: streamIdParams, response: likeResult, errors: [404, 429] },
  ({ actor, params }) => likeStream(actor, params.id),
);
export const DELETE = route(
  { tag: T, summary: "Remove a like", auth: "required", params: streamIdParams, response: likeResult, errors: [404, 429] },
  ({ actor, params }) => unlikeStream(actor, params.id),
);
