import { after, test } from "node:test";
import assert from "node:assert/strict";
import { call, newUser, type TestUser } from "./support/http";
import { act, createStream, type Err } from "./support/streams";
import { ack, closeAll, connect, connected } from "./support/sockets";

/**
 * The authorization matrix of moderation: every action × every role, over REST and over Socket.IO, against
 * the real server. Each action acts on its own fresh target so the answers do not depend on each other.
 */
after(() => closeAll());

type Role = "owner" | "lead" | "moderator" | "follower" | "viewer" | "banned" | "anonymous";
const ROLES: Role[] = ["owner", "lead", "moderator", "follower", "viewer", "banned", "anonymous"];

type World = { host: TestUser; streamId: string; actor: TestUser | null; targets: Record<string, TestUser>; messageId: string };

const code = (r: { status: number; body: unknown }) => (r.status < 300 ? "ok" : ((r.body as Err).error?.code ?? String(r.status)));
const TARGETS = ["ban", "unban", "timeout", "untimeout", "addMod", "addLead", "removeMod", "author"] as const;

async function ok(r: Promise<{ status: number; body: unknown }>, what: string): Promise<void> {
  const res = await r;
  assert.ok(res.status < 300, `${what}: ${res.status} ${JSON.stringify(res.body)}`);
}

/** A live stream, an actor in the role, and the targets in the state each action needs (set up by the owner). */
async function world(role: Role): Promise<World> {
  const host = await newUser("mxh");
  const s = await createStream(host);
  await act(host, s.streamId, "start");
  const id = s.streamId;
  const [actor, ...ts] = await Promise.all([role === "owner" ? host : role === "anonymous" ? null : newUser("mxa"), ...TARGETS.map(() => newUser("mxt"))]);
  const targets = Object.fromEntries(TARGETS.map((t, i) => [t, ts[i]!])) as Record<string, TestUser>;
  const as = (path: string, json: unknown) => call("POST", `/api/livestream/${id}${path}`, { token: host.token, json });
  if (actor && role === "lead") await ok(as("/moderators", { userId: actor.id, level: "lead" }), "make lead");
  if (actor && role === "moderator") await ok(as("/moderators", { userId: actor.id }), "make moderator");
  if (actor && role === "follower") await ok(call("POST", `/api/users/${host.id}/follow`, { token: actor.token }), "follow");
  if (actor && role === "banned") await ok(as("/bans", { userId: actor.id }), "ban actor");
  await ok(as("/bans", { userId: targets.unban!.id }), "pre-ban");
  await ok(as("/timeouts", { userId: targets.untimeout!.id, durationSeconds: 600 }), "pre-timeout");
  await ok(as("/moderators", { userId: targets.removeMod!.id }), "pre-moderator");
  const m = await call<{ data: { id: string } }>("POST", `/api/livestream/${id}/chat`, { token: targets.author!.token, json: { message: "a line to delete" } });
  assert.equal(m.status, 201, JSON.stringify(m.body));
  return { host, streamId: id, actor, targets, messageId: m.body.data.id };
}

type Op = { name: string; rest: (w: World) => [string, string, unknown?]; socket?: (w: World) => [string, Record<string, unknown>] };

const OPS: Op[] = [
  { name: "ban", rest: (w) => ["POST", "/bans", { userId: w.targets.ban!.id, reason: "spam" }], socket: (w) => ["ban_user", { userId: w.targets.ban!.id, reason: "spam" }] },
  { name: "unban", rest: (w) => ["DELETE", `/bans/${w.targets.unban!.id}`], socket: (w) => ["unban_user", { userId: w.targets.unban!.id }] },
  { name: "timeout", rest: (w) => ["POST", "/timeouts", { userId: w.targets.timeout!.id, durationSeconds: 60 }], socket: (w) => ["timeout_user", { userId: w.targets.timeout!.id, durationSeconds: 60 }] },
  { name: "untimeout", rest: (w) => ["DELETE", `/timeouts/${w.targets.untimeout!.id}`], socket: (w) => ["untimeout_user", { userId: w.targets.untimeout!.id }] },
  { name: "add moderator", rest: (w) => ["POST", "/moderators", { userId: w.targets.addMod!.id }], socket: (w) => ["add_moderator", { userId: w.targets.addMod!.id }] },
  { name: "add lead", rest: (w) => ["POST", "/moderators", { userId: w.targets.addLead!.id, level: "lead" }], socket: (w) => ["add_moderator", { userId: w.targets.addLead!.id, level: "lead" }] },
  { name: "remove moderator", rest: (w) => ["DELETE", `/moderators/${w.targets.removeMod!.id}`], socket: (w) => ["remove_moderator", { userId: w.targets.removeMod!.id }] },
  { name: "delete message", rest: (w) => ["DELETE", `/chat/${w.messageId}`], socket: (w) => ["delete_chat_message", { messageId: w.messageId }] },
  { name: "slow mode", rest: () => ["PATCH", "/moderation", { slowMode: 5 }], socket: () => ["slow_mode", { seconds: 5 }] },
  { name: "chat modes", rest: () => ["PATCH", "/moderation", { followersOnly: true, emoteOnly: false }], socket: () => ["chat_mode", { followersOnly: true, emoteOnly: false }] },
  { name: "filters", rest: () => ["PATCH", "/moderation", { bannedWords: ["badword"], blockLinks: true }] },
  { name: "clear chat", rest: () => ["POST", "/chat/clear"], socket: () => ["clear_chat", {}] },
  { name: "read settings", rest: () => ["GET", "/moderation"] },
  { name: "read log", rest: () => ["GET", "/moderation/log"] },
  { name: "list bans", rest: () => ["GET", "/bans"] },
  { name: "list timeouts", rest: () => ["GET", "/timeouts"] },
  { name: "list moderators", rest: () => ["GET", "/moderators"] },
  { name: "user card", rest: (w) => ["GET", `/users/${w.targets.author!.id}`] },
];

const F = "FORBIDDEN";
const U = "UNAUTHENTICATED";
/** What each role gets, in OPS order. */
const EXPECTED: Record<Role, string[]> = {
  owner: OPS.map(() => "ok"),
  lead: OPS.map((o) => (o.name === "add lead" ? F : "ok")),
  moderator: OPS.map((o) => (["add moderator", "add lead", "remove moderator", "filters"].includes(o.name) ? F : "ok")),
  follower: OPS.map(() => F),
  viewer: OPS.map(() => F),
  banned: OPS.map(() => F),
  anonymous: OPS.map(() => U),
};

for (const transport of ["REST", "socket"] as const) {
  test(`every moderation action × role over ${transport}`, { timeout: 120_000 }, async () => {
    const wrong: string[] = [];
    for (const role of ROLES) {
      const w = await world(role);
      const sock = transport === "socket" ? await connected(connect(w.actor ? { token: w.actor.token } : {})) : null;
      for (const [i, op] of OPS.entries()) {
        let got: string;
        if (sock) {
          if (!op.socket) continue;
          const [event, payload] = op.socket(w);
          const a = await ack(sock, event, { streamId: w.streamId, ...payload });
          got = a.success ? "ok" : (a.error?.code ?? "?");
        } else {
          const [method, path, json] = op.rest(w);
          got = code(await call(method, `/api/livestream/${w.streamId}${path}`, { token: w.actor?.token, json }));
        }
        if (got !== EXPECTED[role][i]) wrong.push(`${role} ${op.name}: got ${got}, want ${EXPECTED[role][i]}`);
      }
      sock?.close();
    }
    assert.deepEqual(wrong, []);
  });
}

test("a lower role never acts on a higher or equal one", async () => {
  const host = await newUser("rkh");
  const s = await createStream(host);
  await act(host, s.streamId, "start");
  const [lead, lead2, mod, mod2] = await Promise.all([newUser("rkl"), newUser("rkl"), newUser("rkm"), newUser("rkm")]);
  const path = (p: string) => `/api/livestream/${s.streamId}${p}`;
  const post = (u: TestUser, p: string, json: unknown) => call("POST", path(p), { token: u.token, json });
  for (const [u, level] of [[lead, "lead"], [lead2, "lead"], [mod, "moderator"], [mod2, "moderator"]] as const) await ok(post(host, "/moderators", { userId: u!.id, level }), "appoint");

  const hostLine = await call<{ data: { id: string } }>("POST", path("/chat"), { token: host.token, json: { message: "the host speaks" } });
  const modLine = await call<{ data: { id: string } }>("POST", path("/chat"), { token: mod2!.token, json: { message: "a moderator speaks" } });
  const cases: [string, Promise<{ status: number; body: unknown }>, string][] = [
    ["moderator bans moderator", post(mod!, "/bans", { userId: mod2!.id }), F],
    ["moderator times out lead", post(mod!, "/timeouts", { userId: lead!.id }), F],
    ["moderator bans owner", post(mod!, "/bans", { userId: host.id }), F],
    ["moderator deletes the host's line", call("DELETE", path(`/chat/${hostLine.body.data.id}`), { token: mod!.token }), F],
    ["moderator deletes a moderator's line", call("DELETE", path(`/chat/${modLine.body.data.id}`), { token: mod!.token }), F],
    ["lead bans lead", post(lead!, "/bans", { userId: lead2!.id }), F],
    ["lead removes lead", call("DELETE", path(`/moderators/${lead2!.id}`), { token: lead!.token }), F],
    ["lead demotes lead", post(lead!, "/moderators", { userId: lead2!.id, level: "moderator" }), F],
    ["lead bans itself", post(lead!, "/bans", { userId: lead!.id }), "UNPROCESSABLE"],
    ["owner bans owner", post(host, "/bans", { userId: host.id }), "UNPROCESSABLE"],
  ];
  const wrong: string[] = [];
  for (const [name, r, want] of cases) {
    const got = code(await r);
    if (got !== want) wrong.push(`${name}: got ${got}, want ${want}`);
  }
  assert.deepEqual(wrong, []);
  // Upward works: a lead on a moderator, the owner on a lead.
  assert.equal(code(await post(lead!, "/timeouts", { userId: mod!.id, durationSeconds: 30 })), "ok");
  assert.equal(code(await post(mod!, "/chat", { message: "still here?" })), "TIMED_OUT", "a timed-out moderator is silenced too");
  assert.equal(code(await call("DELETE", path(`/chat/${modLine.body.data.id}`), { token: lead!.token })), "ok");
  assert.equal(code(await call("DELETE", path(`/moderators/${lead2!.id}`), { token: host.token })), "ok");
});
