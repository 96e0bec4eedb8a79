import { mediaRoute } from "@/lib/http/media-route";
import { mediaResponse } from "@/lib/http/media-response";
import { recordingIdParams } from "@/lib/recordings/schemas";
import { recordingPoster } from "@/lib/recordings/media-files";

export const GET = mediaRoute(
  {
    tag: "Recordings",
    summary: "The recording's poster frame (JPEG)",
    params: recordingIdParams,
    binary: { contentType: "image/jpeg", statuses: { 304: "Not modified (ETag, Last-Modified)" } },
    errors: [403, 404],
  },
  async ({ req, params, actor }) => {
    const file = await recordingPoster(actor, params.id);
    return mediaResponse(req, file, { cacheControl: `${file.shared ? "public" : "private"}, max-age=86400` });
  },
);
