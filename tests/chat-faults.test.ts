import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { BASE, call, newUser } from "./support/http";
import { createStream, type Ok } from "./support/streams";
import { ack, closeAll, connect, connected } from "./support/sockets";
import { assertNothingLost, printReport, registerSenders, runChatLoad } from "./support/chat-load";
import type { ChatMessageView, ChatPage, JoinStreamResult } from "@/lib/chat/schemas";

/**
 * Chat under faults (issue 21, point 6), at suite scale; `npm run bench faults` runs the same load with
 * 10,000 messages. Every acknowledged message must be persisted, and every viewer, dropped or not, must end
 * with every message, once, in order. The Redis restart is tests/chat-faults-redis.test.ts.
 */
after(() => closeAll());

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
    const asked = Date.now();
    const page = await call<Ok<ChatPage>>("GET", `/api/livestream/${streamId}/chat?after=${sent[0]!.id}&limit=2`);
    assert.deepEqual(page.body.data.messages.map((m) => m.message), ["m1", "m2"]);
    assert.equal(page.body.data.nextAfter, sent[2]!.id);
    // When the page was read (the SDK's catch-up stops paging a little past it): during the request.
    const asOf = Date.parse(page.body.data.asOf);
    assert.ok(asOf >= asked - 5 && asOf <= Date.now() + 5, `asOf ${page.body.data.asOf}`);
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
  test("1,000 messages from 50 senders to 40 viewers while 20 % of them drop: nothing lost, every viewer complete", { timeout: 150_000 }, async (t) => {
    const host = await newUser("cfa");
    const { streamId } = await createStream(host);
    const tokens = await registerSenders(BASE, 50);
    const r = await runChatLoad({ urls: [BASE], streamId, senderTokens: tokens, viewers: 40, messages: 1000, dropShare: 0.2, seconds: 8, mongoUri: process.env.MONGODB_URI ?? "", log: (l) => t.diagnostic(l) });
    printReport(t, r);
    assertNothingLost(r, { ordered: true });
    assert.ok(r.caughtUp >= r.drops.session, "every viewer that lost its session caught up through the SDK");
  });
});
