import assert from "node:assert/strict";
import { ERROR_STATUS, type ErrorCode } from "@/lib/errors";
import { collectOperations, type Operation } from "@/lib/openapi/collect";
import { API_ROUTES } from "@/lib/openapi/route-index";

const operations = collectOperations(API_ROUTES);

function template(path: string): RegExp {
  return new RegExp(`^${path.replace(/\{\w+\}/g, "[^/]+")}$`);
}

/** The operation Next would route to: among matching templates, the one with most fixed segments wins. */
function operationFor(method: string, url: string): Operation | undefined {
  const pathname = new URL(url, "http://x").pathname;
  const fixed = (p: string) => p.split("/").filter((s) => s && !s.startsWith("{")).length;
  return operations
    .filter((op) => op.method === method.toLowerCase() && template(op.path).test(pathname))
    .sort((a, b) => fixed(b.path) - fixed(a.path))[0];
}

/** Parsing strips keys a schema does not declare, so a reply equal to its parse has none. */
function assertShape(schema: { parse(v: unknown): unknown }, value: unknown, what: string): void {
  let parsed: unknown;
  try {
    parsed = schema.parse(value);
  } catch (err) {
    assert.fail(`${what} does not match the document: ${String(err)}`);
  }
  assert.deepEqual(value, parsed, `${what} has fields the document does not declare`);
}

/**
 * Every reply the integration tests receive is checked against the OpenAPI document: its status must be
 * listed and its body must be exactly the declared shape. This is what keeps the response schemas honest.
 */
export function assertConforms(method: string, url: string, status: number, body: unknown): void {
  const op = operationFor(method, url);
  if (!op) return;
  const what = `${method} ${op.path} → ${status}`;
  const { spec } = op;
  // Media replies (video, images, playlists) are checked by the tests that fetch them, not as JSON.
  if (spec.binary && (status === (spec.status ?? 200) || spec.binary.statuses?.[status])) return;
  const other = spec.otherResponses?.[status];
  if (other) return assertShape(other.body, body, what);
  if (status === (spec.status ?? 200) && spec.rawResponse) {
    return assert.equal(typeof body, "string", `${what}: a ${spec.rawResponse.contentType ?? "bodiless"} reply`);
  }
  if (status === (spec.status ?? 200)) {
    const reply = body as { success?: unknown; data?: unknown };
    assert.equal(reply.success, true, `${what}: success must be true`);
    return assertShape(spec.response, reply.data, `${what} data`);
  }
  assert.ok((spec.errors as number[] | undefined)?.includes(status), `${what}: the document does not list ${status}`);
  const error = (body as { success?: unknown; error?: { code?: string; message?: unknown } }).error;
  assert.equal((body as { success?: unknown }).success, false, `${what}: success must be false`);
  assert.equal(typeof error?.message, "string", `${what}: error.message`);
  assert.equal(ERROR_STATUS[error?.code as ErrorCode], status, `${what}: error.code ${error?.code} has another status`);
}
