import { checkHealth } from "@/lib/health";
import { json } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export async function GET(req: Request): Promise<Response> {
  const health = await checkHealth({ collect: new URL(req.url).searchParams.get("gc") === "1" });
  return json({ success: health.status === "ok", data: health }, health.status === "ok" ? 200 : 503, { "Cache-Control": "no-store" });
}
