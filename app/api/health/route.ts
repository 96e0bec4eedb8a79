import { z } from "zod";
import { checkHealth, presentsHealthToken } from "@/lib/health";
import { json } from "@/lib/http/route";
import { documented } from "@/lib/http/route-spec";
import { resolveActor } from "@/lib/accounts/authenticate";
import { canReadSystemDetails } from "@/lib/access";
import { JOB_TYPES } from "@/lib/realtime/media-jobs";

export const dynamic = "force-dynamic";

const check = z.object({ ok: z.boolean(), latencyMs: z.number(), error: z.string().optional() });
const status = z.enum(["ok", "degraded"]);
const details = z.object({
  status,
  uptimeSeconds: z.number(),
  memory: z.object({ rssBytes: z.number(), heapUsedBytes: z.number() }),
  checks: z.record(z.string(), check),
  media: z
    .object({
      workers: z.array(z.object({ id: z.string(), pid: z.number(), host: z.string(), startedAt: z.number(), seenAt: z.number(), rtmp: z.boolean(), capacity: z.number(), jobs: z.array(z.string()) })),
      jobs: z.array(z.object({ id: z.string(), type: z.enum(JOB_TYPES), streamId: z.string(), createdAt: z.number(), worker: z.string().nullable() })),
    })
    .optional()
    .describe("Media workers heard from in the last 10 s and every media job with the worker holding it (null: waiting)"),
});
// Details first: a detailed reply also has a `status`, and parsing keeps only the first matching shape.
const health = z.union([details.describe("For an administrator or a monitor with HEALTH_TOKEN"), z.object({ status }).describe("For everyone else")]);

/** Latencies, errors and memory help an attacker time and aim; the status alone is what a probe needs. */
async function mayReadDetails(req: Request): Promise<boolean> {
  const authorization = req.headers.get("authorization");
  if (presentsHealthToken(authorization)) return true;
  const actor = await resolveActor({ authorization, cookie: req.headers.get("cookie") }).catch(() => null);
  return canReadSystemDetails(actor);
}

/** Not route(): a degraded answer is a 503 that still carries its data, outside the error envelope. */
export const GET = documented(
  {
    tag: "System",
    summary: "Up or degraded (503); each dependency's latency and error and the memory only for administrators and monitors",
    description: "The details need an administrator's session or token, or `Authorization: Bearer <HEALTH_TOKEN>`; everyone else gets `{ status }` and the status code.",
    query: z.object({ gc: z.string().optional().describe("`1`: run a full garbage collection first (with the details only, and only when the server runs with --expose-gc; benchmarks); other values are ignored") }),
    response: health,
    otherResponses: { 503: { description: "Degraded: a dependency failed its check", body: z.object({ success: z.literal(false), data: health }) } },
  },
  async (req: Request): Promise<Response> => {
    const full = await mayReadDetails(req);
    const data = await checkHealth({ collect: full && new URL(req.url).searchParams.get("gc") === "1" });
    const ok = data.status === "ok";
    return json({ success: ok, data: full ? data : { status: data.status } }, ok ? 200 : 503, { "Cache-Control": "no-store" });
  },
);
