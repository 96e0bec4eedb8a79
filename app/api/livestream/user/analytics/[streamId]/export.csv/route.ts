import { mediaRoute } from "@/lib/http/media-route";
import { streamParams } from "@/lib/analytics/schemas";
import { streamCsv } from "@/lib/analytics/export-csv";

/** A download, not JSON: mediaRoute resolves the caller and answers errors in the API's envelope like route(). */
export const GET = mediaRoute(
  {
    tag: "Analytics",
    summary: "A stream's per-minute series as CSV (UTC minutes: viewers, views started, watch minutes, chat, reactions, likes, follows, quality): its owner and lead moderators",
    params: streamParams,
    binary: { contentType: "text/csv" },
    errors: [403, 404],
  },
  async ({ actor, params }) => {
    const { filename, csv } = await streamCsv(actor, params.streamId);
    return new Response(csv, { status: 200, headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${filename}"`, "Cache-Control": "no-store" } });
  },
);
