import { test } from "node:test";
import assert from "node:assert/strict";
import { initialState, isSystem, reducer } from "@/components/chat/chat-state";
import type { DonationEvent } from "@/lib/payments/schemas";

const tip = (donationId: string, amount = 5): DonationEvent => ({
  streamId: "s1", donationId, donor: { id: "u1", username: "ann", displayName: "Ann" }, amount, currency: "USD", message: "gg", createdAt: new Date(0).toISOString(),
});

test("a tip queues one alert and writes one highlighted line, even when delivered twice", () => {
  let s = reducer(initialState, { type: "donation", donation: tip("d1") });
  s = reducer(s, { type: "donation", donation: tip("d1") });
  s = reducer(s, { type: "donation", donation: tip("d2", 10) });
  assert.deepEqual(s.alerts.map((d) => d.donationId), ["d1", "d2"]);
  const lines = s.messages.filter(isSystem);
  assert.equal(lines.length, 2);
  assert.equal(lines[0]?.donation?.amount, 5);
  s = reducer(s, { type: "alertDone", donationId: "d1" });
  assert.deepEqual(s.alerts.map((d) => d.donationId), ["d2"]);
  assert.equal(s.messages.length, 2, "the chat keeps the line after the alert");
});
