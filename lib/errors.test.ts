import { test } from "node:test";
import assert from "node:assert/strict";
import { z } from "zod";
import { AppError, ERROR_STATUS, errorBody, toAppError, toSocketAck } from "@/lib/errors";

test("AppError carries the status of its code", () => {
  assert.equal(new AppError("RATE_LIMITED", "slow down").status, 429);
  assert.equal(new AppError("USERNAME_TAKEN", "taken").status, 409);
  for (const [code, status] of Object.entries(ERROR_STATUS)) assert.equal(new AppError(code as keyof typeof ERROR_STATUS, "x").status, status);
});

test("zod failures become VALIDATION_ERROR with field paths", () => {
  const r = z.object({ a: z.object({ b: z.number() }) }).safeParse({ a: { b: "x" } });
  assert.equal(r.success, false);
  const e = toAppError(r.error);
  assert.equal(e.code, "VALIDATION_ERROR");
  assert.equal(e.status, 400);
  assert.deepEqual((e.details as { path: string }[]).map((d) => d.path), ["a.b"]);
});

test("duplicate keys are conflicts and bad ids are validation errors", () => {
  assert.equal(toAppError({ code: 11000 }).status, 409);
  assert.equal(toAppError(Object.assign(new Error("Cast to ObjectId failed"), { name: "CastError" })).code, "VALIDATION_ERROR");
});

test("unknown errors are INTERNAL and never leak their message", () => {
  const e = toAppError(new Error("connection string mongodb://user:secret@db"), "req-1");
  assert.equal(e.code, "INTERNAL");
  assert.equal(e.status, 500);
  assert.doesNotMatch(e.message, /secret/);
  assert.match(e.message, /req-1/);
});

test("REST bodies and socket acks share one shape", () => {
  const err = new AppError("NOT_FOUND", "nope", { details: { id: "1" } });
  assert.deepEqual(errorBody(err), { success: false, error: { code: "NOT_FOUND", message: "nope", details: { id: "1" } } });
  assert.deepEqual(toSocketAck(err), errorBody(err));
});

test("errors from another copy of this module are recognised by shape", () => {
  const foreign = Object.assign(new Error("Too many"), { name: "AppError", code: "RATE_LIMITED", headers: { "Retry-After": "3" } });
  const e = toAppError(foreign);
  assert.equal(e.status, 429);
  assert.equal(e.headers?.["Retry-After"], "3");
  assert.equal(toAppError(Object.assign(new Error("x"), { name: "AppError", code: "NOPE" })).code, "INTERNAL");
});
