import { after, test } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { AccessToken } from "livekit-server-sdk";
import { BASE } from "./support/http";
import { pruneWebhookEvents } from "@/lib/media/webhook-retention";
import { disconnectDb } from "@/lib/db/connection";

const DAY_MS = 86_400_000;
const RETENTION_MS = Number(process.env.WEBHOOK_EVENT_RETENTION_DAYS ?? 7) * DAY_MS;

after(async () => {
  await disconnectDb();
});

/** Delivers a signed LiveKit event about a room no stream has; says whether the app had seen its id. */
async function deliver(body: string): Promise<boolean> {
  const at = new AccessToken(process.env.LIVEKIT_API_KEY, process.env.LIVEKIT_API_SECRET);
  at.sha256 = createHash("sha256").update(body).digest("base64");
  const res = await fetch(`${BASE}/api/livekit/webhook`, { method: "POST", headers: { "Content-Type": "application/webhook+json", Authorization: await at.toJwt() }, body });
  assert.equal(res.status, 200);
  return ((await res.json()) as { data: { duplicate: boolean } }).data.duplicate;
}

test("delivered webhook ids are forgotten after the retention, and kept until then", async () => {
  const body = JSON.stringify({ event: "room_started", id: `EV_${randomBytes(8).toString("hex")}`, room: { name: `no-such-room-${randomBytes(4).toString("hex")}` } });
  assert.equal(await deliver(body), false);
  assert.equal(await deliver(body), true, "a redelivery within the retention is a duplicate");

  // The pruning as the server's sweeper runs it, seen from a clock moved forward.
  await pruneWebhookEvents(Date.now() + RETENTION_MS - 3_600_000);
  assert.equal(await deliver(body), true, "an hour before the retention ends, the id is still known");

  const pruned = await pruneWebhookEvents(Date.now() + RETENTION_MS + 3_600_000);
  assert.ok(pruned >= 1, `pruned ${pruned}`);
  assert.equal(await deliver(body), false, "past the retention the record is gone");
});
