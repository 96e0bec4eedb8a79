import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { BASE, call, newUser } from "./support/http";
import { act, createStream, type Err, type Ok } from "./support/streams";
import { mailTo, verificationLink } from "./support/mail";

type Self = { id: string; email: string; emailVerified: boolean };
type Resent = { emailVerified: boolean; sent: boolean };

async function openLink(link: string): Promise<string> {
  const res = await fetch(link);
  assert.equal(res.status, 200);
  return /data-result="(\w+)"/.exec(await res.text())?.[1] ?? "none";
}

describe("email verification", () => {
  test("sign-up mails a link; until it is opened the account watches and chats but cannot go live", async () => {
    const u = await newUser("ver", { verified: false });
    const me = await call<Ok<Self>>("GET", "/api/users/me", { token: u.token });
    assert.equal(me.body.data.emailVerified, false);
    const [mail] = await mailTo(u.email);
    assert.match(mail?.subject ?? "", /Confirm your email/);
    assert.ok(mail?.text.includes(`${BASE}/verify-email?token=`), "the link points at the app's public URL");

    // Creating and scheduling is fine; going live is not.
    const s = await createStream(u);
    const refused = await act(u, s.streamId, "start");
    assert.equal(refused.status, 403);
    assert.equal(refused.body.error.code, "EMAIL_NOT_VERIFIED");

    // Watching and chatting on someone else's live stream is fine.
    const host = await newUser("verhost");
    const live = await createStream(host);
    assert.equal((await act(host, live.streamId, "start")).status, 200);
    assert.equal((await call("POST", `/api/livestream/${live.streamId}/token`, { token: u.token })).status, 200);
    assert.equal((await call("POST", `/api/livestream/${live.streamId}/chat`, { token: u.token, json: { message: "hello, not verified yet" } })).status, 201);

    // The link verifies the address, once.
    const link = await verificationLink(u.email);
    assert.equal(await openLink(link), "verified");
    assert.equal((await call<Ok<Self>>("GET", "/api/users/me", { token: u.token })).body.data.emailVerified, true);
    assert.equal((await act(u, s.streamId, "start")).status, 200);
    assert.equal(await openLink(link), "invalid", "a link works once");
    assert.equal(await openLink(`${BASE}/verify-email?token=${"A".repeat(43)}`), "invalid");
    assert.equal(await openLink(`${BASE}/verify-email?token=<script>`), "invalid");
  });

  test("sending the link again retires the previous one, is rate-limited, and stops once verified", async () => {
    const u = await newUser("resend", { verified: false });
    const first = await verificationLink(u.email);
    const again = await call<Ok<Resent>>("POST", "/api/auth/verify-email/resend", { token: u.token });
    assert.equal(again.status, 200);
    assert.deepEqual(again.body.data, { emailVerified: false, sent: true });
    const second = await verificationLink(u.email, { atLeast: 2 });
    assert.notEqual(second, first);
    assert.equal(await openLink(first), "invalid", "a newer link replaces the older one");

    for (let i = 1; i < 5; i++) assert.equal((await call("POST", "/api/auth/verify-email/resend", { token: u.token })).status, 200);
    const limited = await call<Err>("POST", "/api/auth/verify-email/resend", { token: u.token });
    assert.equal(limited.status, 429);
    assert.equal(limited.body.error.code, "RATE_LIMITED");
    assert.equal((await mailTo(u.email)).length, 6, "one at sign-up and five resent");

    const verified = await newUser("resent");
    const nothing = await call<Ok<Resent>>("POST", "/api/auth/verify-email/resend", { token: verified.token });
    assert.deepEqual(nothing.body.data, { emailVerified: true, sent: false });
    assert.equal((await call("POST", "/api/auth/verify-email/resend")).status, 401);
  });
});
