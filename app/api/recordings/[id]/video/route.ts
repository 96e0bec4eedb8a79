import { mediaRoute } from "@/lib/http/media-route";
import { mediaResponse } from "@/lib/http/media-response";
import { recordingIdParams } from "@/lib/recordings/schemas";
import { recordingVideo } from "@/lib/recordings/media-files";

export const GET = mediaRoute(
  {
    tag: "Recordings",
    summary: "The recording's MP4 (H.264 + AAC, faststart), with HTTP range requests for seeking",
    description: "Send `Range: bytes=start-end` for part of the file (206 with Content-Range; 416 when outside it). Access follows the stream's audience.",
    params: recordingIdParams,
    binary: { contentType: "video/mp4", statuses: { 206: "Part of the file (Content-Range)", 304: "Not modified (ETag, Last-Modified)" } },
    errors: [403, 404, 416],
  },
  async ({ req, params, actor }) => {
    const file = await recordingVideo(actor, params.id);
    return mediaResponse(req, file, { cacheControl: `${file.shared ? "public" : "private"}, max-age=3600`, ranges: true });
  },
);
