import { z, type ZodType } from "zod";
import { ERROR_STATUS } from "@/lib/errors";
import { operations } from "@/lib/openapi/operations";

type JsonSchema = Record<string, unknown>;

function schema(s: ZodType, io: "input" | "output"): JsonSchema {
  const out = z.toJSONSchema(s, { io, unrepresentable: "any", target: "draft-2020-12" }) as JsonSchema;
  delete out.$schema;
  return out;
}

function parameters(s: ZodType | undefined, where: "path" | "query") {
  if (!s) return [];
  const js = schema(s, "input") as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(js.properties ?? {}).map(([name, sch]) => ({
    name,
    in: where,
    required: where === "path" || (js.required ?? []).includes(name),
    schema: sch,
  }));
}

const errorEnvelope = {
  type: "object",
  required: ["success", "error"],
  properties: {
    success: { const: false },
    error: {
      type: "object",
      required: ["code", "message"],
      properties: { code: { type: "string", enum: Object.keys(ERROR_STATUS) }, message: { type: "string" }, details: {} },
    },
  },
};

/** OpenAPI 3.1 generated from the route schemas (JSON Schema 2020-12 is OpenAPI 3.1's dialect). */
export function openApiDocument(serverUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const status = String(op.status ?? 200);
    const responses: Record<string, unknown> = {
      [status]: {
        description: "Success",
        content: { "application/json": { schema: { type: "object", required: ["success", "data"], properties: { success: { const: true }, data: op.response ? schema(op.response, "output") : {} } } } },
      },
    };
    for (const code of new Set([...(op.errors ?? []), ...(op.body || op.query || op.params ? [400] : []), ...(op.auth === "required" ? [401] : [])])) {
      responses[String(code)] = { description: "Error", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } };
    }
    (paths[op.path] ??= {})[op.method] = {
      summary: op.summary,
      tags: [op.tag],
      ...(op.auth ? { security: op.auth === "required" ? [{ bearerAuth: [] }, { sessionCookie: [] }] : [{}, { bearerAuth: [] }, { sessionCookie: [] }] } : {}),
      parameters: [...parameters(op.params, "path"), ...parameters(op.query, "query")],
      ...(op.body ? { requestBody: { required: true, content: { "application/json": { schema: schema(op.body, "input") } } } } : {}),
      responses,
    };
  }
  return {
    openapi: "3.1.0",
    info: { title: "StreamHub API", version: "0.1.0", description: "REST API of the StreamHub live-streaming platform. Every response is `{ success, data }` or `{ success: false, error: { code, message, details? } }`." },
    servers: [{ url: serverUrl }],
    paths,
    components: {
      schemas: { Error: errorEnvelope },
      securitySchemes: {
        bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT" },
        sessionCookie: { type: "apiKey", in: "cookie", name: "next-auth.session-token" },
      },
    },
  };
}
