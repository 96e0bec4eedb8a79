import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import mongoose from "mongoose";
import { createClient } from "redis";
import { call, newUser } from "./support/http";

type Health = { success: boolean; data: Record<string, unknown> & { status: string } };

const TOKEN = process.env.HEALTH_TOKEN ?? "";
const monitor = { Authorization: `Bearer ${TOKEN}` };

after(async () => {
  await mongoose.disconnect();
});

/** There is no API to make an administrator: the test promotes one in the database, as an operator would. */
async function admin() {
  const u = await newUser("adm");
  await mongoose.connect(process.env.MONGODB_URI ?? "");
  await mongoose.connection.db?.collection("users").updateOne({ _id: new mongoose.Types.ObjectId(u.id) }, { $set: { role: "admin" } });
  return u;
}

function assertDetailed(res: { status: number; body: Health }, who: string): void {
  assert.equal(res.status, 200, who);
  assert.deepEqual(Object.keys(res.body.data).sort(), ["checks", "media", "memory", "status", "uptimeSeconds"], who);
  assert.deepEqual(Object.keys(res.body.data.checks as object).sort(), ["db", "livekit", "media", "redis"], who);
  // The media worker the test run started is heard from, with its jobs.
  const media = (res.body.data as unknown as { media: { workers: { id: string; jobs: string[] }[] } }).media;
  assert.ok(media.workers.length >= 1, `${who}: no media worker in ${JSON.stringify(media)}`);
}

describe("/api/health", () => {
  test("anyone gets the status and its code, and nothing else", async () => {
    const u = await newUser("hl");
    for (const [who, headers] of [
      ["anonymous", {}],
      ["a user", { Authorization: `Bearer ${u.token}` }],
      ["a wrong token", { Authorization: `Bearer ${TOKEN}x` }],
      ["a malformed header", { Authorization: "Basic abc" }],
    ] as const) {
      const res = await call<Health>("GET", "/api/health?gc=1", { headers });
      assert.equal(res.status, 200, who);
      assert.deepEqual(res.body, { success: true, data: { status: "ok" } }, who);
      assert.equal(res.headers.get("cache-control"), "no-store");
    }
  });

  test("a monitor with HEALTH_TOKEN and an administrator see latencies and memory", async () => {
    assert.ok(TOKEN.length >= 16, "the test app runs with a HEALTH_TOKEN");
    assertDetailed(await call<Health>("GET", "/api/health", { headers: monitor }), "HEALTH_TOKEN");
    const a = await admin();
    assertDetailed(await call<Health>("GET", "/api/health", { token: a.token }), "admin");
  });

  test("checking Redis opens no connection per call: it pings the shared client", async () => {
    const redis = createClient({ url: process.env.REDIS_URL });
    await redis.connect();
    try {
      const received = async () => Number(/total_connections_received:(\d+)/.exec(await redis.info("stats"))?.[1]);
      const before = await received();
      for (let i = 0; i < 10; i++) assert.equal((await call("GET", "/api/health", { headers: monitor })).status, 200);
      const opened = (await received()) - before;
      assert.ok(opened <= 1, `${opened} Redis connections opened by 10 health checks`);
    } finally {
      await redis.quit();
    }
  });
});
