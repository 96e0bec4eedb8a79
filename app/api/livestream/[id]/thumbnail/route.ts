import { mediaRoute } from "@/lib/http/media-route";
import { mediaResponse } from "@/lib/http/media-response";
import { streamIdParams } from "@/lib/streams/schemas";
import { streamThumbnail } from "@/lib/recordings/media-files";

export const GET = mediaRoute(
  {
    tag: "Streams",
    summary: "A frame of the live stream (JPEG), renewed about every minute; the recording's poster after it ends",
    description: "Cached for a minute and revalidated with ETag / Last-Modified (304). `thumbnailUrl` in stream views carries a version query that changes with each new frame.",
    params: streamIdParams,
    binary: { contentType: "image/jpeg", statuses: { 304: "Not modified (ETag, Last-Modified)" } },
    errors: [403, 404],
  },
  async ({ req, params, actor }) => {
    const file = await streamThumbnail(actor, params.id);
    return mediaResponse(req, file, { cacheControl: `${file.shared ? "public" : "private"}, max-age=60` });
  },
);
