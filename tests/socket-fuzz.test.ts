import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { io, type Socket } from "socket.io-client";
import { SOCKET_EVENTS } from "@/lib/socket/events";
import { ERROR_STATUS } from "@/lib/errors";
import { call, newUser, type TestUser } from "./support/http";
import { act, createStream } from "./support/streams";
import { badLines, heapAfterGc, healthy, startFuzzApp, type FuzzApp } from "./support/fuzz-app";
import { caseArb, overTheWire, unknownEventArb, type Case, type Pools } from "./support/fuzz-payloads";
import { rawRound } from "./support/raw-cases";

/**
 * Every socket event in the registry (lib/socket/events.ts) fuzzed with payloads built from its own schema
 * and broken on purpose, as an anonymous viewer, a signed-in viewer and the stream's host; then raw
 * Engine.IO / Socket.IO packets from published advisories. The server must stay up and healthy, answer
 * every acknowledgement with `{ success, data | error }` and a 4xx code for what it refuses (the schema's
 * VALIDATION_ERROR when the payload does not parse), log no unhandled rejection, uncaught exception or
 * handler failure, and keep its heap flat. Seeded: FUZZ_SEED replays a run, SOCKET_FUZZ_RUNS sizes it.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 21);
const RUNS = Number(process.env.SOCKET_FUZZ_RUNS ?? 12);
/** Heap growth after GC allowed over the measured rounds (caches are bounded LRUs; a leak per event is not). */
const HEAP_BOUND_BYTES = 8 * 1024 * 1024;
process.stdout.write(`# socket fuzz: seed ${SEED} (FUZZ_SEED=${SEED} replays it), ${RUNS} cases per event and client\n`);

type Reply = { success?: unknown; data?: unknown; error?: { code?: unknown; message?: unknown } };
/** `outcomes`: how the acknowledgements came back (ok, or the error code), to show what the fuzzer reaches. */
type Client = { label: string; token?: string; socket: Socket; errors: Reply["error"][]; drops: string[]; outcomes: Record<string, number> };

let fz: FuzzApp;
let host: TestUser;
let viewer: TestUser;
let pools: Pools;
const clients: Client[] = [];

function open(url: string, label: string, token?: string): Client {
  const socket = io(url, { transports: ["websocket"], reconnection: false, forceNew: true, auth: token ? { token } : {} });
  const client: Client = { label, token, socket, errors: [], drops: [], outcomes: {} };
  socket.on("stream_error", (e: Reply["error"] & { event?: unknown }) => client.errors.push(e));
  socket.on("disconnect", (reason) => client.drops.push(reason));
  return client;
}

async function ready(c: Client, streamId: string): Promise<void> {
  if (!c.socket.connected) await new Promise<void>((resolve, reject) => (c.socket.once("connect", () => resolve()), c.socket.once("connect_error", reject)));
  const joined = (await c.socket.timeout(10_000).emitWithAck("join_stream", { streamId })) as Reply;
  assert.equal(joined.success, true, `${c.label} joins: ${JSON.stringify(joined)}`);
}

before(async () => {
  // The flood guard would answer most of the run with RATE_LIMITED before the handlers saw it, and the
  // anonymous socket must outlive the run: both are tested elsewhere (tests/abuse-limits.test.ts, realtime-auth).
  const t0 = Date.now();
  let target: TestUser;
  // The app boots while the fixtures are made through the suite's app (same database).
  [fz, [host, viewer, target]] = await Promise.all([startFuzzApp({ SOCKET_EVENTS_PER_SECOND: "1000000", SOCKET_AUTH_TIMEOUT_MS: "600000" }), Promise.all([newUser("fzh"), newUser("fzv"), newUser("fzt")])]);
  const [stream, other] = await Promise.all([createStream(host, { title: "Fuzzed stream" }), createStream(target, { title: "Someone else's" })]);
  await act(host, stream.streamId, "start");
  const sent = await call<{ data?: { id?: string } }>("POST", `/api/livestream/${stream.streamId}/chat`, { token: viewer.token, json: { message: "a message to react to" } });
  pools = {
    streamIds: [stream.streamId, other.streamId],
    userIds: [target.id, host.id],
    messageIds: [sent.body.data?.id ?? "0".repeat(24)],
    usernames: [target.username, "nobody_at_all"],
  };
  clients.push(open(fz.url, "anonymous"), open(fz.url, "viewer", viewer.token), open(fz.url, "host", host.token));
  for (const c of clients) await ready(c, stream.streamId);
  process.stdout.write(`# fuzz app at ${fz.url}, fixtures ready in ${Date.now() - t0} ms\n`);
});

after(async () => {
  for (const c of clients) c.socket.close();
  await fz?.stop();
  if (host && pools) await act(host, pools.streamIds[0]!, "end");
});

/** A case for the failure message; deep values overflow any recursive printer. */
const short = (v: unknown) => {
  let s: string;
  try {
    s = fc.stringify(v);
  } catch {
    s = `<${typeof v} too deep to print>`;
  }
  return s.length > 240 ? `${s.slice(0, 240)}…` : s;
};

/** What is wrong with an acknowledgement, or null. */
function problem(reply: Reply, expectValidation: boolean): string | null {
  if (typeof reply !== "object" || reply === null || typeof reply.success !== "boolean") return "not { success }";
  if (reply.success) return expectValidation ? "accepted a payload its schema refuses" : null;
  const code = reply.error?.code;
  if (typeof code !== "string" || !(code in ERROR_STATUS) || typeof reply.error?.message !== "string") return "error without a known code and message";
  if (ERROR_STATUS[code as keyof typeof ERROR_STATUS] >= 500) return `5xx code ${code}`;
  if (expectValidation && code !== "VALIDATION_ERROR") return `expected VALIDATION_ERROR, got ${code}`;
  return null;
}

function tally(c: Client, reply: Reply): void {
  const key = reply?.success === true ? "ok" : String(reply?.error?.code ?? "malformed");
  c.outcomes[key] = (c.outcomes[key] ?? 0) + 1;
}

/** Sends one case; resolves with a failure description, or null. */
async function send(c: Client, event: string | number, kase: Case, parses: (v: unknown) => boolean): Promise<string | null> {
  const wire = overTheWire(kase.shape.kind === "manyArgs" ? [kase.payload, ...kase.shape.extra] : [kase.payload]);
  const bad = !wire.binary && !parses(wire.first);
  const s = c.socket.timeout(10_000);
  const emit = (...args: unknown[]) => (s.emitWithAck as (...a: unknown[]) => Promise<Reply>)(event, ...args);
  try {
    let reply: Reply;
    switch (kase.shape.kind) {
      case "ack":
        reply = await emit(kase.payload);
        break;
      case "onlyAck":
        reply = await emit();
        tally(c, reply);
        return problem(reply, !parses(undefined));
      case "manyArgs":
        reply = await emit(kase.payload, ...kase.shape.extra);
        break;
      case "noAck":
        (c.socket.emit as (...a: unknown[]) => void)(event, kase.payload);
        return null;
      case "wrongAck":
        (c.socket.emit as (...a: unknown[]) => void)(event, kase.payload, kase.shape.last);
        return null;
    }
    tally(c, reply);
    return problem(reply, bad);
  } catch (err) {
    return `no acknowledgement (${err instanceof Error ? err.message : String(err)})`;
  }
}

/** One round: every event, every client, RUNS cases each plus unknown event names; at most 8 in flight per socket. */
async function round(seed: number, runs = RUNS): Promise<{ cases: number; failures: string[] }> {
  const failures: string[] = [];
  let cases = 0;
  await Promise.all(
    clients.map(async (c, ci) => {
      const jobs: (() => Promise<void>)[] = [];
      for (const [i, [event, h]] of Object.entries(SOCKET_EVENTS).entries()) {
        const parses = (v: unknown) => h.schema.safeParse(v).success;
        for (const kase of fc.sample(caseArb(h.schema, pools), { seed: seed + ci * 1000 + i, numRuns: runs })) {
          jobs.push(async () => {
            const why = await send(c, event, kase, parses);
            if (why) failures.push(`${c.label} ${event} ${kase.shape.kind} ${short(kase.payload)}: ${why}`);
          });
        }
      }
      const names = fc.sample(fc.oneof(unknownEventArb, fc.integer({ min: -5, max: 1e9 })), { seed: seed + ci, numRuns: runs });
      for (const name of names) {
        jobs.push(async () => {
          const why = await send(c, name, { payload: { streamId: pools.streamIds[0] }, shape: { kind: "ack" } }, () => false);
          const notFound = why === "expected VALIDATION_ERROR, got NOT_FOUND" ? null : why;
          if (notFound) failures.push(`${c.label} unknown event ${short(name)}: ${notFound}`);
          (c.socket.emit as (...a: unknown[]) => void)(name, { a: 1 }); // and once without an acknowledgement
        });
      }
      cases += jobs.length;
      const queue = [...jobs];
      await Promise.all(Array.from({ length: 8 }, async () => {
        for (let job = queue.shift(); job; job = queue.shift()) await job();
      }));
    }),
  );
  return { cases, failures };
}

describe("socket events under fuzzing", () => {
  test("every event, as anonymous, viewer and host: well-formed acks, 4xx for bad input, no crash, flat heap", async () => {
    assert.ok(Object.keys(SOCKET_EVENTS).length >= 20, "the registry lists the events");
    // A first round warms what is cached (access facts, stream snapshots, compiled code) before measuring.
    const t0 = Date.now();
    const warm = await round(SEED + 100_000, Math.ceil(RUNS / 3));
    process.stdout.write(`# warm-up round ${Date.now() - t0} ms\n`);
    const heapBefore = await heapAfterGc(fz.url);
    const started = Date.now();
    const main = await round(SEED);
    const heapAfter = await heapAfterGc(fz.url);
    const mb = (b: number) => (b / 1024 / 1024).toFixed(1);
    process.stdout.write(`# ${warm.cases} + ${main.cases} cases, measured round ${Date.now() - started} ms; heap after GC ${mb(heapBefore)} MB → ${mb(heapAfter)} MB\n`);
    const failures = [...warm.failures, ...main.failures];
    assert.deepEqual(failures.slice(0, 15), [], `${failures.length} failures (seed ${SEED})`);
    for (const c of clients) {
      const seen = Object.entries(c.outcomes).sort((a, b) => b[1] - a[1]);
      process.stdout.write(`# ${c.label}: ${seen.map(([k, n]) => `${k} ${n}`).join(", ")}\n`);
      // The fuzzer must get past validation into the use cases, or it tests only zod.
      assert.ok((c.outcomes.ok ?? 0) > 0 && seen.some(([k]) => k !== "ok" && k !== "VALIDATION_ERROR" && k !== "NOT_FOUND"), `${c.label}'s cases reach the use cases`);
      assert.deepEqual(c.drops, [], `${c.label} was not disconnected`);
      for (const e of c.errors) assert.equal(problem({ success: false, error: e }, false), null, `${c.label} stream_error ${JSON.stringify(e)}`);
      assert.ok(c.errors.length > 0, `${c.label} was told of refusals without an acknowledgement (stream_error)`);
    }
    assert.ok(heapAfter - heapBefore < HEAP_BOUND_BYTES, `heap grew ${mb(heapAfter - heapBefore)} MB over one round`);
    assert.ok(await healthy(fz.url), "the app is healthy");
  });

  test("raw Engine.IO / Socket.IO packets from advisories, malformed frames and polling requests", async () => {
    const results = await rawRound(fz.url, pools.streamIds[0]!);
    const slow = results.filter((r) => r.ms > 1000).map((r) => `${r.name} ${r.ms} ms`);
    process.stdout.write(`# ${results.length} raw cases in ${results.reduce((n, r) => n + r.ms, 0)} ms${slow.length ? `; over 1 s: ${slow.join(", ")}` : ""}\n`);
    assert.deepEqual(results.filter((r) => r.problem).map(({ name, problem }) => ({ name, problem })), [], "every raw case was handled");
    assert.ok(await healthy(fz.url), "the app is healthy");
  });

  test("the app stayed up and its log shows no unhandled rejection, uncaught exception or handler failure", async () => {
    assert.equal(fz.exited(), null, "the app process is alive");
    const bad = badLines(fz.log);
    assert.deepEqual(bad.slice(0, 10), [], `${bad.length} bad log lines`);
    // A fresh client still gets through: nothing is wedged.
    const c = open(fz.url, "after", viewer.token);
    clients.push(c);
    await ready(c, pools.streamIds[0]!);
  });
});
