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
  assert.deepEqual(Object.keys(op("/api/livestream/{id}/chat", "post").responses).sort(), ["201", "400", "401", "403", "404", "413", "415", "429"]);
  assert.deepEqual(Object.keys(op("/api/livestream/trending", "get").responses).sort(), ["200", "400", "401"]);
});

test("handlers outside route() keep their own shapes in the document", () => {
  assert.ok(op("/api/health", "get").responses["503"]);
  const webhook = op("/api/livekit/webhook", "post");
  assert.deepEqual(Object.keys(webhook.requestBody?.content ?? {}), ["application/webhook+json"]);
  assert.deepEqual(webhook.security, [{ livekitWebhook: [] }]);
});
