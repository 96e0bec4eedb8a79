import { describe, test, after } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { createClient } from "redis";
import { JobRunner, type JobHandler } from "../workers/runtime/job-runner";
import { boardKeys, type JobSpec } from "../lib/realtime/media-jobs";

/**
 * The media job board on the real Redis, with runners in this process on a board of the test's own (so the
 * running media worker leaves these jobs alone). Handlers stand in for ffmpeg jobs: they run until told to stop.
 */
const LEASE_MS = 1500;
const clients: ReturnType<typeof createClient>[] = [];

async function redis() {
  const c = createClient({ url: process.env.REDIS_URL });
  await c.connect();
  clients.push(c);
  return c;
}

after(async () => {
  for (const c of clients) await c.quit().catch(() => undefined);
});

type Log = { started: string[]; stopped: { job: string; reason: string | undefined }[] };

function handler(log: Log, name: string, finishAfterMs?: number): JobHandler {
  return (job: JobSpec, ctx) =>
    new Promise<void>((resolve) => {
      log.started.push(`${name}:${job.id}`);
      const t = finishAfterMs ? setTimeout(resolve, finishAfterMs) : undefined;
      ctx.signal.addEventListener("abort", () => {
        clearTimeout(t);
        log.stopped.push({ job: `${name}:${job.id}`, reason: ctx.stopReason() });
        resolve();
      });
    });
}

async function waitUntil(what: string, check: () => boolean | Promise<boolean>, ms = 8000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`timed out waiting for ${what}`);
}

async function board() {
  const name = `test-${randomBytes(4).toString("hex")}`;
  const r = await redis();
  const k = boardKeys(name);
  const add = async (id: string, type: JobSpec["type"] = "record") => {
    const spec: JobSpec = { id, type, streamId: id, data: {}, createdAt: Date.now() };
    await r.hSet(k.jobs, id, JSON.stringify(spec));
    await r.publish(k.wake, id);
  };
  return { name, r, k, add };
}

describe("media job board (Redis leases)", () => {
  test("each job runs once across two workers, up to each worker's capacity", async () => {
    const b = await board();
    const log: Log = { started: [], stopped: [] };
    const a = new JobRunner({ redis: await redis(), board: b.name, handlers: { record: handler(log, "a") }, leaseMs: LEASE_MS, capacity: 2 });
    const c = new JobRunner({ redis: await redis(), board: b.name, handlers: { record: handler(log, "c") }, leaseMs: LEASE_MS, capacity: 2 });
    await Promise.all([a.start(), c.start()]);
    try {
      for (const id of ["j1", "j2", "j3", "j4"]) await b.add(id);
      await waitUntil("4 jobs started", () => log.started.length === 4);
      await new Promise((r) => setTimeout(r, LEASE_MS * 2));
      assert.equal(log.started.length, 4, `a job ran twice: ${log.started.join(", ")}`);
      assert.equal(a.jobs().length, 2);
      assert.equal(c.jobs().length, 2);
    } finally {
      await Promise.all([a.close(), c.close()]);
    }
  });

  test("capacity counts per type: a worker full of recordings still takes an encoder's ingest", async () => {
    const b = await board();
    const log: Log = { started: [], stopped: [] };
    const a = new JobRunner({ redis: await redis(), board: b.name, handlers: { record: handler(log, "a"), ingest: handler(log, "a") }, leaseMs: LEASE_MS, capacity: 1 });
    await a.start();
    try {
      await b.add("r1");
      await b.add("r2");
      await waitUntil("one recording runs", () => log.started.length === 1);
      await b.add("i1", "ingest");
      await waitUntil("the ingest runs beside it", () => log.started.includes("a:i1"));
      await new Promise((r) => setTimeout(r, LEASE_MS));
      assert.deepEqual(a.jobs().map((j) => j.type).sort(), ["ingest", "record"]);
    } finally {
      await a.close();
    }
  });

  test("jobs waiting for media do not fill the capacity", async () => {
    const b = await board();
    const started: string[] = [];
    const waiting: JobHandler = (job, ctx) =>
      new Promise<void>((resolve) => {
        started.push(job.id);
        // The first two wait (a recorder whose host has not connected); the third works.
        if (job.id !== "busy") ctx.setWaiting(true);
        ctx.signal.addEventListener("abort", () => resolve());
      });
    const a = new JobRunner({ redis: await redis(), board: b.name, handlers: { record: waiting }, leaseMs: LEASE_MS, capacity: 1 });
    await a.start();
    try {
      await b.add("idle1");
      await b.add("idle2");
      await waitUntil("both waiting jobs run", () => started.length === 2);
      await b.add("busy");
      await waitUntil("the busy one runs beside them", () => started.includes("busy"));
      await b.add("busy2");
      await new Promise((r) => setTimeout(r, LEASE_MS));
      assert.ok(!started.includes("busy2"), "a second busy job went past the capacity");
    } finally {
      await a.close();
    }
  });

  test("a worker taking many jobs at once starts the ingest first, and the others a few at a time behind it", async () => {
    const b = await board();
    const order: string[] = [];
    let ingestPublishedAt = 0;
    let startingNow = 0;
    let mostStartingAtOnce = 0;
    const recordStarts: number[] = [];
    // The ingest publishes its tracks 400 ms after it starts; a recorder joins its room in 300 ms.
    const ingest: JobHandler = (job, ctx) =>
      new Promise<void>((resolve) => {
        order.push(job.id);
        const t = setTimeout(() => ((ingestPublishedAt = Date.now()), ctx.started()), 400);
        ctx.signal.addEventListener("abort", () => (clearTimeout(t), resolve()));
      });
    const record: JobHandler = (job, ctx) =>
      new Promise<void>((resolve) => {
        order.push(job.id);
        recordStarts.push(Date.now());
        mostStartingAtOnce = Math.max(mostStartingAtOnce, ++startingNow);
        const t = setTimeout(() => (startingNow--, ctx.setWaiting(true)), 300);
        ctx.signal.addEventListener("abort", () => (clearTimeout(t), resolve()));
      });
    // The board holds them all before the worker comes (a takeover): the recordings are the older jobs.
    for (let i = 1; i <= 6; i++) await b.add(`r${i}`);
    await b.add("i1", "ingest");
    const a = new JobRunner({ redis: await redis(), board: b.name, handlers: { record, ingest }, leaseMs: LEASE_MS, capacity: 10 });
    await a.start();
    try {
      await waitUntil("all seven jobs started", () => order.length === 7);
      assert.equal(order[0], "i1", `started in the order ${order.join(", ")}`);
      assert.ok(ingestPublishedAt > 0 && recordStarts.every((t) => t >= ingestPublishedAt), "a recorder started before the ingest had published");
      assert.ok(mostStartingAtOnce <= 2, `${mostStartingAtOnce} recorders were joining at once`);
    } finally {
      await a.close();
    }
  });

  test("a dead worker's job is taken over when its lease lapses, within seconds", async () => {
    const b = await board();
    const log: Log = { started: [], stopped: [] };
    const deadClient = await redis();
    const a = new JobRunner({ redis: deadClient, board: b.name, handlers: { record: handler(log, "a") }, leaseMs: LEASE_MS, capacity: 4 });
    await a.start();
    await b.add("solo");
    await waitUntil("worker a runs the job", () => log.started.includes("a:solo"));
    const c = new JobRunner({ redis: await redis(), board: b.name, handlers: { record: handler(log, "c") }, leaseMs: LEASE_MS, capacity: 4 });
    await c.start();
    try {
      await new Promise((r) => setTimeout(r, LEASE_MS * 1.5));
      assert.ok(!log.started.includes("c:solo"), "taken over while its worker was alive");
      // Worker a dies: its Redis connection goes and nothing renews its lease.
      const diedAt = Date.now();
      deadClient.destroy();
      await waitUntil("worker c takes the job over", () => log.started.includes("c:solo"), LEASE_MS * 4);
      assert.ok(Date.now() - diedAt < LEASE_MS * 3, `takeover took ${Date.now() - diedAt} ms`);
      assert.equal(await b.r.get(b.k.lease("solo")), c.id);
    } finally {
      await c.close();
      await a.close(1000);
    }
  });

  test("cancelling stops the job at once; a job that finishes leaves the board", async () => {
    const b = await board();
    const log: Log = { started: [], stopped: [] };
    const a = new JobRunner({ redis: await redis(), board: b.name, handlers: { record: handler(log, "a", 300) }, leaseMs: 5000, capacity: 4 });
    await a.start();
    try {
      await b.add("finishes");
      await waitUntil("finished job removed", async () => (await b.r.hExists(b.k.jobs, "finishes")) === 0 && a.jobs().length === 0);
      assert.equal(await b.r.get(b.k.lease("finishes")), null);

      const long = new JobRunner({ redis: await redis(), board: b.name, handlers: { record: handler(log, "long") }, leaseMs: 5000, capacity: 4 });
      await a.close();
      await long.start();
      await b.add("cancelled");
      await waitUntil("long runs it", () => log.started.includes("long:cancelled"));
      const t0 = Date.now();
      await b.r.hDel(b.k.jobs, "cancelled");
      await b.r.publish(b.k.cancel, "cancelled");
      await waitUntil("stopped", () => log.stopped.some((s) => s.job === "long:cancelled"));
      assert.ok(Date.now() - t0 < 1000, "cancel took a lease period");
      assert.equal(log.stopped.find((s) => s.job === "long:cancelled")?.reason, "cancelled");
      await long.close();
    } finally {
      await a.close();
    }
  });

  test("a worker shutting down hands its jobs over at once, and leaves the worker list", async () => {
    const b = await board();
    const log: Log = { started: [], stopped: [] };
    const a = new JobRunner({ redis: await redis(), board: b.name, handlers: { record: handler(log, "a") }, leaseMs: 10_000, capacity: 4 });
    await a.start();
    await b.add("handover");
    await waitUntil("a runs it", () => log.started.includes("a:handover"));
    const c = new JobRunner({ redis: await redis(), board: b.name, handlers: { record: handler(log, "c") }, leaseMs: 10_000, capacity: 4 });
    await c.start();
    try {
      const t0 = Date.now();
      await a.close();
      assert.equal(log.stopped.find((s) => s.job === "a:handover")?.reason, "shutdown");
      await waitUntil("c takes it", () => log.started.includes("c:handover"), 3000);
      assert.ok(Date.now() - t0 < 3000, "handover waited for the lease (10 s)");
      assert.equal(await b.r.zScore(b.k.workers, a.id), null);
    } finally {
      await c.close();
    }
  });
});
