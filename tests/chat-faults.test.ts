import { after, describe, test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { BASE, call, newUser } from "./support/http";
import { createStream, type Ok } from "./support/streams";
import { ack, closeAll, connect, connected, next, until } from "./support/sockets";
import { describeReport, runChatLoad, type ChatLoadReport } from "./support/chat-load";
import { ownRedis } from "./support/redis-server";
import { startApp, type AppProcess } from "../scripts/app-process";
import { freePort } from "../scripts/services/process";
import type { ChatMessageView, ChatPage, JoinStreamResult } from "@/lib/chat/schemas";

/**
 * Chat under faults (issue 21, point 6), at suite scale; `npm run bench faults` runs the same load with
 * 10,000 messages. Every acknowledged message must be persisted, and every viewer, dropped or not, must end
 * with every message, once, in order.
 */
after(() => closeAll());

async function senders(n: number, url = BASE): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < n; i += 20) {
    tokens.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(20, n - i) }, async () => {
          const username = `cf_${randomBytes(5).toString("hex")}`;
          const res = await fetch(`${url}/api/auth/register`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ username, email: `${username}@example.test`, password: randomBytes(9).toString("hex") }) });
          const body = (await res.json()) as { data?: { token: string } };
          if (!body.data) throw new Error(`register: ${res.status}`);
          return body.data.token;
        }),
      )),
    );
  }
  return tokens;
}

function print(t: TestContext, r: ChatLoadReport) {
  for (const line of describeReport(r).split("\n")) t.diagnostic(line);
}

function assertNothingLost(r: ChatLoadReport, opts: { ordered: boolean }) {
  assert.equal(r.acked + Object.values(r.refused).reduce((a, b) => a + b, 0), r.sent);
  assert.ok(r.acked >= r.sent * 0.95, `most messages acknowledged: ${JSON.stringify(r.refused)}`);
  assert.equal(r.lostPersisted, 0, "every acknowledged message is in the history");
  assert.equal(r.missing, 0, `every viewer has every message (${r.incomplete} incomplete)`);
  assert.equal(r.duplicates, 0, "no message twice");
  if (opts.ordered) assert.equal(r.outOfOrder, 0, "in order");
}

describe("catch-up contract", () => {
  test("join_stream with `since` answers what came after it; GET chat?after= pages on", async () => {
    const host = await newUser("cfh");
    const { streamId } = await createStream(host);
    const sent: ChatMessageView[] = [];
    for (let i = 0; i < 5; i++) sent.push((await call<Ok<ChatMessageView>>("POST", `/api/livestream/${streamId}/chat`, { token: host.token, json: { message: `m${i}` } })).body.data);
    const s = await connected(connect());
    const joined = await ack<JoinStreamResult>(s, "join_stream", { streamId, since: sent[1]!.id });
    assert.equal(joined.success, true, JSON.stringify(joined.error));
    assert.deepEqual(joined.data?.history.map((m) => m.message), ["m2", "m3", "m4"]);
    assert.equal(joined.data?.nextAfter, null);
    const page = await call<Ok<ChatPage>>("GET", `/api/livestream/${streamId}/chat?after=${sent[0]!.id}&limit=2`);
    assert.deepEqual(page.body.data.messages.map((m) => m.message), ["m1", "m2"]);
    assert.equal(page.body.data.nextAfter, sent[2]!.id);
    const rest = await call<Ok<ChatPage>>("GET", `/api/livestream/${streamId}/chat?after=${page.body.data.nextAfter}`);
    assert.deepEqual(rest.body.data.messages.map((m) => m.message), ["m3", "m4"]);
    assert.equal(rest.body.data.nextAfter, null);
    // From the start of time: the database path (the buffer does not reach back that far).
    const all = await call<Ok<ChatPage>>("GET", `/api/livestream/${streamId}/chat?after=${"0".repeat(24)}&limit=3`);
    assert.deepEqual(all.body.data.messages.map((m) => m.message), ["m0", "m1", "m2"]);
    assert.equal(all.body.data.nextAfter, sent[2]!.id);
    assert.equal((await call("GET", `/api/livestream/${streamId}/chat?after=nope`)).status, 400);
  });
});

describe("chat under faults", () => {
  test("2,000 messages from 100 senders to 60 viewers while 20 % of them drop: nothing lost, every viewer complete", { timeout: 120_000 }, async (t) => {
    const host = await newUser("cfa");
    const { streamId } = await createStream(host);
    const tokens = await senders(100);
    const r = await runChatLoad({ urls: [BASE], streamId, senderTokens: tokens, viewers: 60, messages: 2000, dropShare: 0.2, seconds: 10, mongoUri: process.env.MONGODB_URI ?? "", log: (l) => t.diagnostic(l) });
    print(t, r);
    assertNothingLost(r, { ordered: true });
    assert.ok(r.caughtUp >= r.drops.session, "every viewer that lost its session caught up through the SDK");
  });

  test("two app processes, Redis stopped and started mid-run: no cross-process message lost, both recover", { timeout: 150_000 }, async (t) => {
    const redis = await ownRedis();
    const apps: AppProcess[] = [];
    try {
      const env = { ...Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => typeof e[1] === "string")), REDIS_URL: redis.url };
      apps.push(...(await Promise.all([0, 1].map(async () => startApp({ env, port: await freePort(), production: true, stdio: "pipe" })))));
      const [a, b] = apps.map((p) => p.url) as [string, string];
      const host = await newUser("cfb");
      const { streamId } = await createStream(host);
      const tokens = await senders(40, a);
      const restart = async () => {
        const t0 = Date.now();
        await redis.stop();
        await new Promise((r) => setTimeout(r, 1500));
        await redis.start();
        t.diagnostic(`redis stopped and started again in ${Date.now() - t0} ms`);
      };
      const r = await runChatLoad({ urls: [a, b], streamId, senderTokens: tokens, viewers: 40, messages: 600, dropShare: 0.2, seconds: 10, mongoUri: process.env.MONGODB_URI ?? "", midRun: restart, settleMs: 40_000, log: (l) => t.diagnostic(l) });
      print(t, r);
      // Two processes: each viewer gets the other process's messages in arrival order, not id order.
      assertNothingLost(r, { ordered: false });

      // Recovered without a restart: a message sent on A reaches a new viewer on B, and both are healthy.
      const viewer = await connected(connect({ url: b }));
      assert.equal((await ack(viewer, "join_stream", { streamId })).success, true);
      const got = next<ChatMessageView>(viewer, "stream_chat_message", 10_000);
      const sender = await connected(connect({ url: a, token: tokens[0] }));
      assert.equal((await ack(sender, "stream_chat_message", { streamId, message: "after the restart" })).success, true);
      assert.equal((await got).message, "after the restart");
      for (const url of [a, b]) assert.ok(await until(async () => (await fetch(`${url}/api/health`)).status === 200, 10_000), `${url} healthy`);
    } finally {
      closeAll();
      await Promise.all(apps.map((p) => p.stop()));
      await redis.stop();
    }
  });
});
