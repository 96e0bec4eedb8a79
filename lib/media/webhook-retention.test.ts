import { test } from "node:test";
import assert from "node:assert/strict";
import { WebhookEventModel } from "@/lib/db/models/webhook-event.model";

test("webhook-event records are indexed by createdAt, which the pruning deletes by range", () => {
  const keys = WebhookEventModel.schema.indexes().map(([fields]) => fields);
  assert.ok(keys.some((k) => JSON.stringify(k) === JSON.stringify({ createdAt: 1 })), JSON.stringify(keys));
});
