import { ERROR_STATUS, type ErrorCode } from "@/lib/errors";
import type { OperationSpec } from "@/lib/http/route-spec";
import { jsonSchema, parameters } from "@/lib/openapi/json-schema";

const SECURITY: Record<NonNullable<OperationSpec["auth"]>, Record<string, string[]>[]> = {
  required: [{ bearerAuth: [] }, { sessionCookie: [] }],
  optional: [{}, { bearerAuth: [] }, { sessionCookie: [] }],
  "livekit-signature": [{ livekitWebhook: [] }],
  "stripe-signature": [{ stripeWebhook: [] }],
  "stream-key": [{ streamKey: [] }],
};

function codesWithStatus(status: number): ErrorCode[] {
  return (Object.keys(ERROR_STATUS) as ErrorCode[]).filter((c) => ERROR_STATUS[c] === status);
}

function binaryResponses(spec: OperationSpec, binary: NonNullable<OperationSpec["binary"]>) {
  const media = { [binary.contentType]: { schema: { type: "string", format: "binary" } } };
  const out: Record<string, unknown> = { [String(spec.status ?? 200)]: { description: "Success", content: media } };
  for (const [status, description] of Object.entries(binary.statuses ?? {})) out[status] = status === "304" ? { description } : { description, content: media };
  return out;
}

function success(spec: OperationSpec) {
  const raw = spec.rawResponse;
  if (!raw) return { description: "Success", content: { "application/json": { schema: { type: "object", required: ["success", "data"], properties: { success: { const: true }, data: jsonSchema(spec.response, "output") } } } } };
  return {
    description: raw.description,
    ...(raw.headers ? { headers: Object.fromEntries(Object.entries(raw.headers).map(([name, description]) => [name, { description, schema: { type: "string" } }])) } : {}),
    ...(raw.contentType ? { content: { [raw.contentType]: { schema: { type: "string" } } } } : {}),
  };
}

function responses(spec: OperationSpec) {
  const out: Record<string, unknown> = spec.binary ? binaryResponses(spec, spec.binary) : { [String(spec.status ?? 200)]: success(spec) };
  for (const status of [...(spec.errors ?? [])].sort((a, b) => a - b)) {
    out[String(status)] = {
      description: `Error; \`error.code\` is one of ${codesWithStatus(status).join(", ")}`,
      content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
    };
  }
  for (const [status, r] of Object.entries(spec.otherResponses ?? {})) {
    out[status] = { description: r.description, content: { [r.contentType ?? "application/json"]: { schema: jsonSchema(r.body, "output") } } };
  }
  return out;
}

function requestBody(spec: OperationSpec) {
  if (spec.body) return { required: true, content: { "application/json": { schema: jsonSchema(spec.body, "input") } } };
  if (spec.rawBody) return { required: true, description: spec.rawBody.description, content: { [spec.rawBody.contentType]: { schema: jsonSchema(spec.rawBody.schema, "input") } } };
  return undefined;
}

/** One OpenAPI Operation Object from the spec a route declares beside its handler. */
export function operationObject(spec: OperationSpec) {
  const body = requestBody(spec);
  return {
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    tags: [spec.tag],
    ...(spec.auth ? { security: SECURITY[spec.auth] } : {}),
    parameters: [...parameters(spec.params, "path"), ...parameters(spec.query, "query")],
    ...(body ? { requestBody: body } : {}),
    responses: responses(spec),
  };
}
