import { z } from "zod";
import { checkHealth } from "@/lib/health";
import { json } from "@/lib/http/route";
import { documented } from "@/lib/http/route-spec";

export const dynamic = "force-dynamic";

const check = z.object({ ok: z.boolean(), latencyMs: z.number(), error: z.string().optional() });
const health = z.object({
  status: z.enum(["ok", "degraded"]),
  uptimeSeconds: z.number(),
  memory: z.object({ rssBytes: z.number(), heapUsedBytes: z.number() }),
  checks: z.record(z.string(), check),
});

/** Not route(): a degraded answer is a 503 that still carries every check, outside the error envelope. */
export const GET = documented(
  {
    tag: "System",
    summary: "Each dependency's status and latency (503 when degraded)",
    query: z.object({ gc: z.string().optional().describe("`1`: run a full garbage collection first (only when the server runs with --expose-gc; benchmarks); other values are ignored") }),
    response: health,
    otherResponses: { 503: { description: "Degraded: a dependency failed its check", body: z.object({ success: z.literal(false), data: health }) } },
  },
  async (req: Request): Promise<Response> => {
    const data: z.infer<typeof health> = await checkHealth({ collect: new URL(req.url).searchParams.get("gc") === "1" });
    return json({ success: data.status === "ok", data }, data.status === "ok" ? 200 : 503, { "Cache-Control": "no-store" });
  },
);
