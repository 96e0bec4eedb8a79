import { test } from "node:test";
import assert from "node:assert/strict";
import { AppError } from "@/lib/errors";
import { nextStatus } from "@/lib/streams/transitions";

test("valid transitions lead where they should", () => {
  assert.equal(nextStatus("scheduled", "start"), "live");
  assert.equal(nextStatus("live", "pause"), "paused");
  assert.equal(nextStatus("paused", "resume"), "live");
  assert.equal(nextStatus("live", "end"), "ended");
  assert.equal(nextStatus("paused", "end"), "ended");
  assert.equal(nextStatus("scheduled", "end"), "ended");
});

test("repeating an action is a no-op", () => {
  assert.equal(nextStatus("live", "start"), "noop");
  assert.equal(nextStatus("paused", "start"), "noop");
  assert.equal(nextStatus("ended", "end"), "noop");
  assert.equal(nextStatus("paused", "pause"), "noop");
});

test("invalid transitions throw INVALID_TRANSITION", () => {
  for (const [from, action] of [["ended", "start"], ["scheduled", "pause"], ["scheduled", "resume"], ["ended", "resume"], ["ended", "pause"]] as const) {
    assert.throws(() => nextStatus(from, action), (e: unknown) => e instanceof AppError && e.code === "INVALID_TRANSITION" && e.status === 409, `${action} from ${from}`);
  }
});
