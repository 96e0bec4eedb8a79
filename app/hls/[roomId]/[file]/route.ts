import { z } from "zod";
import { mediaRoute } from "@/lib/http/media-route";
import { mediaResponse } from "@/lib/http/media-response";
import { liveMedia } from "@/lib/recordings/media-files";

export const dynamic = "force-dynamic";

/**
 * The stream's HLS at `urls.hls` (`/hls/<roomId>/index.m3u8`, outside /api so players resolve segment names
 * beside it). The playlist changes every segment (no-cache); a segment never changes once listed (immutable).
 */
export const GET = mediaRoute(
  {
    tag: "Streams",
    summary: "HLS playlist and segments of a stream",
    params: z.object({ roomId: z.string().max(64), file: z.string().max(64) }),
    binary: { contentType: "application/vnd.apple.mpegurl", statuses: { 304: "Not modified" } },
    errors: [403, 404],
  },
  async ({ req, params, actor }) => {
    const file = await liveMedia(actor, params.roomId, params.file);
    const scope = file.shared ? "public" : "private";
    const cacheControl = params.file.endsWith(".m3u8") ? "no-cache" : params.file.endsWith(".ts") ? `${scope}, max-age=31536000, immutable` : `${scope}, max-age=60`;
    return mediaResponse(req, file, { cacheControl });
  },
);
