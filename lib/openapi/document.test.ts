import { test } from "node:test";
import assert from "node:assert/strict";
import { openApiDocument } from "@/lib/openapi/document";

type Param = { name: string; in: string; schema: Record<string, unknown> };
type Op = { parameters: Param[]; security?: unknown[]; requestBody?: { content: Record<string, unknown> }; responses: Record<string, { content?: Record<string, { schema: { properties?: Record<string, unknown> } }> }> };

const doc = openApiDocument("http://test.invalid");
const op = (path: string, method: string) => (doc.paths[path]?.[method] as Op | undefined) ?? assert.fail(`${method.toUpperCase()} ${path} is not documented`);

test("operations once missing from the hand-kept list are documented from their routes", () => {
  assert.deepEqual(op("/api/livestream/{id}/token", "post").responses["200"]?.content?.["application/json"]?.schema.properties?.success, { const: true });
  assert.ok(op("/api/livestream/{id}/bans", "post").requestBody);
  assert.deepEqual(op("/api/livestream/{id}/bans/{userId}", "delete").parameters.map((p) => p.name), ["id", "userId"]);
  assert.ok(op("/api/livestream/{id}/like", "get").security);
});

test("a path parameter is the schema the route parses with", () => {
  for (const method of ["get", "post", "delete"]) {
    const id = op("/api/users/{id}/follow", method).parameters.find((p) => p.name === "id");
    assert.deepEqual(id?.schema, { type: "string", minLength: 1, maxLength: 64 });
  }
});

test("statuses route() itself can answer are documented with the use case's own", () => {
  assert.deepEqual(Object.keys(op("/api/livestream/{id}/chat", "post").responses).sort(), ["201", "400", "401", "403", "404", "413", "415", "422", "429"]);
  assert.deepEqual(Object.keys(op("/api/livestream/trending", "get").responses).sort(), ["200", "400", "401"]);
});

test("handlers outside route() keep their own shapes in the document", () => {
  assert.ok(op("/api/health", "get").responses["503"]);
  const webhook = op("/api/livekit/webhook", "post");
  assert.deepEqual(Object.keys(webhook.requestBody?.content ?? {}), ["application/webhook+json"]);
  assert.deepEqual(webhook.security, [{ livekitWebhook: [] }]);
});

type Schema = { type?: string; format?: string; pattern?: string; maxLength?: number; minProperties?: number; anyOf?: Schema[]; required?: string[]; properties?: Record<string, Schema>; items?: Schema; if?: unknown; then?: unknown };
const bodyOf = (path: string, method: string) => (op(path, method).requestBody?.content["application/json"] as { schema: Schema } | undefined)?.schema ?? assert.fail(`${method} ${path} has no JSON body`);

test("request bodies say what the handlers accept, refinements included", () => {
  for (const method of ["post", "patch"]) {
    const stream = bodyOf(method === "post" ? "/api/livestream/create" : "/api/livestream/{id}", method).properties ?? {};
    const when = (stream.scheduledFor?.anyOf ?? [stream.scheduledFor]).filter((s) => s?.type !== "null");
    assert.deepEqual(when.map((s) => [s?.type, s?.format]), [["string", "date-time"]], `${method}: scheduledFor is a date-time string, not any value`);
    assert.ok(stream.title?.pattern && new RegExp(stream.title.pattern).test(" x ") && !new RegExp(stream.title.pattern).test(" \u00a0 "), "a blank title is refused, and the document says so");
  }
  assert.deepEqual(bodyOf("/api/livestream/create", "post").then, { required: ["ticketPrice"] }, "paid streams need a price");
  assert.equal(bodyOf("/api/livestream/{id}", "patch").minProperties, 1, "an edit sends at least one field");
  const login = bodyOf("/api/auth/login", "post");
  assert.deepEqual(login.anyOf?.map((s) => s.required), [["login"], ["username"], ["email"]]);
  const message = bodyOf("/api/livestream/{id}/chat", "post").properties?.message;
  assert.equal(message?.maxLength, 500);
  assert.ok(message?.pattern && !new RegExp(message.pattern).test(" \n\u200b\u0000 ") && new RegExp(message.pattern).test(" hi "), "an empty message is refused, and the document says so");
});

/** Where a schema admits any value at all: zod types JSON Schema cannot describe used to become `{}`. */
function untyped(s: Schema | undefined, at: string): string[] {
  if (!s) return [];
  const keys = Object.keys(s).filter((k) => k !== "description");
  if (keys.length === 0) return [at];
  return [...Object.entries(s.properties ?? {}).flatMap(([k, v]) => untyped(v, `${at}.${k}`)), ...untyped(s.items, `${at}[]`), ...(s.anyOf ?? []).flatMap((v, i) => (Object.keys(v).length ? untyped(v, `${at}|${i}`) : []))];
}

test("no input field of any operation is documented as 'any value'", () => {
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, o] of Object.entries(methods as Record<string, Op>)) {
      const where = `${method.toUpperCase()} ${path}`;
      for (const p of o.parameters) assert.deepEqual(untyped(p.schema as Schema, p.name), [], `${where} parameter`);
      for (const media of Object.values(o.requestBody?.content ?? {})) assert.deepEqual(untyped((media as { schema: Schema }).schema, "body"), [], `${where} body`);
    }
  }
});
