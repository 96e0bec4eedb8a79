import { after, afterEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { call, newUser, type TestUser } from "./support/http";
import { act, createStream, type Err, type Ok } from "./support/streams";
import { ack, closeAll, connect, connected, next } from "./support/sockets";
import { setClock } from "@/lib/clock";
import { disconnectDb } from "@/lib/db/connection";
import { closeRedis } from "@/lib/realtime/redis";
import type { Actor } from "@/lib/accounts/authenticate";
import { can } from "@/lib/access";
import { inviteGuest, respondInvite } from "@/lib/guests/invites";
import { listGuests } from "@/lib/guests/manage";
import { AppError } from "@/lib/errors";

/**
 * The stage's rules over REST and Socket.IO (the same use cases): who may invite whom, raised hands,
 * co-hosts' chat moderation through the access module, the layout, refused input; and invites lapsing by
 * the clock (in process, on the app's database, with an injected clock).
 */
after(async () => {
  closeAll();
  setClock(null);
  await disconnectDb();
  await closeRedis();
});
afterEach(() => setClock(null));

type Guest = { user: { id: string; username: string }; status: string; kind: string; permissions: Record<string, boolean>; expiresAt: string | null };
type List = { guests: Guest[]; layout: { mode: string; primary: string | null; cameras: string[] } };

const actorOf = (u: TestUser): Actor => ({ id: u.id, username: u.username, displayName: u.username, role: "user", verified: true });

async function live() {
  const host = await newUser("sh");
  const s = await createStream(host);
  assert.equal((await act(host, s.streamId, "start")).status, 200);
  return { host, streamId: s.streamId };
}

type Access = { role: string; permissions: Record<string, boolean> };
/** The user's access as join_stream acknowledges it (a fresh connection: a socket joins a stream once). */
async function accessOf(u: TestUser, streamId: string): Promise<Access> {
  const s = await connected(connect({ token: u.token }));
  const j = await ack<{ access: Access }>(s, "join_stream", { streamId });
  s.close();
  assert.equal(j.success, true, JSON.stringify(j.error));
  return j.data!.access;
}

const list = async (u: TestUser | null, streamId: string) => (await call<Ok<List>>("GET", `/api/livestream/${streamId}/guests`, u ? { token: u.token } : {})).body.data;

describe("the stage over REST and sockets", () => {
  test("invites: who may invite whom, and what each side sees", async () => {
    const { host, streamId } = await live();
    const [cohost, guest, viewer] = await Promise.all([newUser("sc"), newUser("sg"), newUser("sv")]);

    // A viewer invites nobody; the host may not invite themselves; bad input is a 400, not a 500.
    const refused = await call<Err>("POST", `/api/livestream/${streamId}/guests`, { token: viewer.token, json: { userId: guest.id } });
    assert.deepEqual([refused.status, refused.body.error.code], [403, "FORBIDDEN"]);
    assert.equal((await call<Err>("POST", `/api/livestream/${streamId}/guests`, { token: host.token, json: { userId: host.id } })).status, 422);
    assert.equal((await call<Err>("POST", `/api/livestream/${streamId}/guests`, { token: host.token, json: { userId: guest.id, kind: "boss" } })).status, 400);
    assert.equal((await call<Err>("POST", `/api/livestream/${streamId}/guests`, { token: host.token, json: { userId: guest.id, username: guest.username } })).status, 400);
    assert.equal((await call<Err>("PUT", `/api/livestream/${streamId}/layout`, { token: host.token, json: { mode: "mosaic", primary: null, cameras: ["camera"] } })).status, 400);

    // The host invites a co-host by username (with chat moderation); they accept over the socket.
    const inv = await call<Ok<Guest>>("POST", `/api/livestream/${streamId}/guests`, { token: host.token, json: { username: cohost.username, kind: "cohost", permissions: { moderateChat: true } } });
    assert.equal(inv.status, 201, JSON.stringify(inv.body));
    assert.equal(inv.body.data.status, "invited");
    assert.ok(inv.body.data.expiresAt && Date.parse(inv.body.data.expiresAt) > Date.now());
    const cs = await connected(connect({ token: cohost.token }));
    assert.equal((await accessOf(cohost, streamId)).permissions["chat.moderate"], false);
    assert.equal((await ack(cs, "respond_invite", { streamId, accept: true })).success, true);

    // On stage, a co-host with moderateChat moderates the chat (the policy says so), runs guests, not co-hosts.
    const joined = await accessOf(cohost, streamId);
    assert.equal(joined.role, "cohost");
    assert.equal(joined.permissions["chat.moderate"], true);
    assert.equal(joined.permissions["guests.manage"], true);
    assert.equal(joined.permissions["cohosts.manage"], false);
    assert.equal(joined.permissions["stream.manage"], false);
    // In practice: the co-host's line wears the badge, and they delete a viewer's line.
    type Line = { id: string; role: string | null };
    const say = async (u: TestUser, message: string) => (await call<Ok<Line>>("POST", `/api/livestream/${streamId}/chat`, { token: u.token, json: { message } })).body.data;
    assert.equal((await say(cohost, "hello from the panel")).role, "cohost");
    const rude = await say(viewer, "something rude");
    assert.equal((await call("DELETE", `/api/livestream/${streamId}/chat/${rude.id}`, { token: cohost.token })).status, 200);
    const asCohost = await ack(cs, "invite_guest", { streamId, userId: viewer.id, kind: "cohost" });
    assert.equal(asCohost.error?.code, "FORBIDDEN", "a co-host invited a co-host");

    // The co-host invites a guest; the guest hears it in their own room, the audience does not.
    const gs = await connected(connect({ token: guest.token }));
    const vs = await connected(connect({ token: viewer.token }));
    assert.equal((await ack(vs, "join_stream", { streamId })).success, true);
    const heard = next<Guest>(gs, "guest_invited", 5000);
    const leaked = next(vs, "guest_invited", 1000).then(() => true, () => false);
    assert.equal((await ack(cs, "invite_guest", { streamId, userId: guest.id })).success, true);
    assert.equal((await heard).user.id, guest.id);
    assert.equal(await leaked, false, "a viewer heard someone else's invite");

    // The host sees invites; a viewer sees only who is on stage.
    assert.deepEqual((await list(host, streamId)).guests.map((g) => [g.user.id, g.status]).sort(), [[cohost.id, "active"], [guest.id, "invited"]].sort());
    assert.deepEqual((await list(viewer, streamId)).guests.map((g) => g.user.id), [cohost.id]);
    assert.deepEqual((await list(null, streamId)).guests.map((g) => g.user.id), [cohost.id]);

    // A guest's moderateChat is refused; the co-host's is taken away and with it the chat moderation.
    assert.equal((await call<Err>("PATCH", `/api/livestream/${streamId}/guests/${guest.id}`, { token: host.token, json: { permissions: { moderateChat: true } } })).status, 422);
    assert.equal((await call<Err>("PATCH", `/api/livestream/${streamId}/guests/${guest.id}`, { token: host.token, json: { permissions: {} } })).status, 400);
    assert.equal((await call("PATCH", `/api/livestream/${streamId}/guests/${cohost.id}`, { token: host.token, json: { permissions: { moderateChat: false } } })).status, 200);
    assert.equal((await accessOf(cohost, streamId)).permissions["chat.moderate"], false);
    const rude2 = await say(viewer, "rude again");
    assert.equal((await call<Err>("DELETE", `/api/livestream/${streamId}/chat/${rude2.id}`, { token: cohost.token })).status, 403);

    // The guest declines; the co-host leaves by removing themselves.
    const declined = await call<Ok<{ guest: Guest | null }>>("POST", `/api/livestream/${streamId}/invite/respond`, { token: guest.token, json: { accept: false } });
    assert.deepEqual([declined.status, declined.body.data.guest], [200, null]);
    assert.equal((await call<Err>("POST", `/api/livestream/${streamId}/invite/respond`, { token: guest.token, json: { accept: true } })).status, 404);
    assert.equal((await call("DELETE", `/api/livestream/${streamId}/guests/${cohost.id}`, { token: cohost.token })).status, 200);
    assert.deepEqual((await list(host, streamId)).guests, []);

    // The end of the stream clears its stage; an ended stream takes no invites.
    assert.equal((await call("POST", `/api/livestream/${streamId}/guests`, { token: host.token, json: { userId: guest.id } })).status, 201);
    assert.equal((await call("POST", `/api/livestream/${streamId}/invite/respond`, { token: guest.token, json: { accept: true } })).status, 200);
    assert.equal((await act(host, streamId, "end")).status, 200);
    assert.deepEqual((await list(host, streamId)).guests, []);
    assert.equal((await call<Err>("POST", `/api/livestream/${streamId}/guests`, { token: host.token, json: { userId: guest.id } })).body.error.code, "STREAM_ENDED");
  });

  test("raised hands: asked, seen by the host, accepted onto the stage; the layout reaches the audience; a ban clears the stage", async () => {
    const { host, streamId } = await live();
    const [fan, other] = await Promise.all([newUser("sf"), newUser("so")]);
    const hs = await connected(connect({ token: host.token }));
    assert.equal((await ack(hs, "join_stream", { streamId })).success, true);
    const os = await connected(connect({ token: other.token }));
    assert.equal((await ack(os, "join_stream", { streamId })).success, true);

    const raised = next<Guest>(hs, "hand_raised", 5000);
    const r = await call<Ok<{ guest: Guest }>>("PUT", `/api/livestream/${streamId}/hand`, { token: fan.token, json: { raised: true } });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal((await raised).user.id, fan.id);
    assert.equal((await call<Err>("PUT", `/api/livestream/${streamId}/hand`, { token: host.token, json: { raised: true } })).status, 422);
    // Not the audience's business: another viewer does not see the hand, and cannot accept it.
    assert.deepEqual((await list(other, streamId)).guests, []);
    assert.equal((await call<Err>("POST", `/api/livestream/${streamId}/guests/${fan.id}/hand`, { token: other.token, json: { accept: true } })).status, 403);

    const onStage = next<Guest>(os, "guest_updated", 5000, (g) => g.user.id === fan.id);
    const acc = await ack<Guest>(hs, "resolve_hand", { streamId, userId: fan.id, accept: true });
    assert.equal(acc.success, true, JSON.stringify(acc.error));
    assert.equal((await onStage).status, "active");
    assert.equal((await call<Err>("PUT", `/api/livestream/${streamId}/hand`, { token: fan.token, json: { raised: true } })).status, 409);
    assert.equal((await ack(hs, "resolve_hand", { streamId, userId: fan.id, accept: true })).error?.code, "NOT_FOUND");

    const layout = { mode: "grid", primary: fan.id, cameras: ["camera", "camera-2"] };
    const changed = next<{ layout: typeof layout }>(os, "layout_changed", 5000);
    assert.equal((await ack(hs, "set_layout", { streamId, layout })).success, true);
    assert.deepEqual((await changed).layout, layout);
    assert.equal((await ack(os, "set_layout", { streamId, layout })).error?.code, "FORBIDDEN");
    const view = await call<Ok<{ layout: typeof layout }>>("GET", `/api/livestream/${streamId}`);
    assert.deepEqual(view.body.data.layout, layout);

    // A ban takes the guest off the stage too, and they cannot come back by raising a hand.
    const off = next<{ userId: string; reason: string }>(os, "guest_removed", 5000);
    assert.equal((await call("POST", `/api/livestream/${streamId}/bans`, { token: host.token, json: { userId: fan.id } })).status, 200);
    assert.deepEqual(await off, { streamId, userId: fan.id, reason: "removed" });
    assert.deepEqual((await list(host, streamId)).guests, []);
    assert.equal((await call<Err>("PUT", `/api/livestream/${streamId}/hand`, { token: fan.token, json: { raised: true } })).status, 403);
    assert.equal((await call<Err>("POST", `/api/livestream/${streamId}/guests`, { token: host.token, json: { userId: fan.id } })).status, 409);
  });
});

describe("invites lapse by the clock", () => {
  test("an invite answered after GUEST_INVITE_TTL_SECONDS is gone; one answered in time puts the guest on stage", async () => {
    const { host, streamId } = await live();
    const [late, early] = await Promise.all([newUser("sl"), newUser("se")]);
    let now = Date.now();
    setClock(() => now);
    const invite = await inviteGuest(actorOf(host), streamId, { userId: late.id });
    assert.equal(Date.parse(invite.expiresAt ?? "") - now, 120_000, "the default lifetime");
    now += 119_000;
    assert.deepEqual((await listGuests(actorOf(host), streamId)).guests.map((g) => g.user.id), [late.id]);
    now += 2_000;
    assert.deepEqual((await listGuests(actorOf(host), streamId)).guests, [], "the lapsed invite is still listed");
    await assert.rejects(respondInvite(actorOf(late), streamId, true), (e: unknown) => e instanceof AppError && e.code === "NOT_FOUND");
    assert.equal(await can(actorOf(late), "media.publish", streamId), false);

    await inviteGuest(actorOf(host), streamId, { userId: early.id });
    now += 60_000;
    const on = await respondInvite(actorOf(early), streamId, true);
    assert.equal(on?.status, "active");
    now += 3_600_000;
    assert.equal(await can(actorOf(early), "media.publish", streamId), true, "someone on stage does not lapse");
  });
});
