import { config } from "@/lib/config";
import { json } from "@/lib/http/route";
import { openApiDocument } from "@/lib/openapi/document";

export function GET(): Response {
  return json(openApiDocument(config().publicUrl), 200, { "Cache-Control": "public, max-age=60" });
}
