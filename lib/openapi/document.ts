import { ERROR_STATUS } from "@/lib/errors";
import { collectOperations } from "@/lib/openapi/collect";
import { operationObject } from "@/lib/openapi/operation-object";
import { API_ROUTES, type ApiRoute } from "@/lib/openapi/route-index";

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

function pathsOf(routes: readonly ApiRoute[]) {
  const paths: Record<string, Record<string, ReturnType<typeof operationObject>>> = {};
  for (const op of collectOperations(routes)) (paths[op.path] ??= {})[op.method] = operationObject(op.spec);
  return paths;
}

// The routes do not change while the process runs: their JSON Schemas are built once.
let cached: ReturnType<typeof pathsOf> | undefined;

/**
 * OpenAPI 3.1 assembled from the specs each route module declares beside its handlers (lib/http/route.ts),
 * for the modules lib/openapi/route-index.ts lists.
 */
export function openApiDocument(serverUrl: string) {
  const paths = (cached ??= pathsOf(API_ROUTES));
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
        streamKey: { type: "http", scheme: "bearer", description: "The stream's key (`live_…`), as an encoder sends it: OBS's WHIP \"Bearer Token\"." },
        livekitWebhook: {
          type: "apiKey",
          in: "header",
          name: "Authorization",
          description: "LiveKit's webhook signature: a JWT (no `Bearer` prefix) signed with the LiveKit API secret whose `sha256` claim is the base64 SHA-256 of the raw body.",
        },
        stripeWebhook: {
          type: "apiKey",
          in: "header",
          name: "Stripe-Signature",
          description: "Stripe's webhook signature: `t=<unix time>,v1=<hex HMAC-SHA256 of \"t.raw body\" with the endpoint's whsec_ secret>`, at most 300 s old.",
        },
      },
    },
  };
}
