import { after, test } from "node:test";
import assert from "node:assert/strict";
import { io, type Socket } from "socket.io-client";
import { BASE, newUser, sessionCookie } from "./support/http";

const sockets: Socket[] = [];
after(() => sockets.forEach((s) => s.close()));

function connect(opts: { token?: string; cookie?: string; origin?: string } = {}): Socket {
  const s = io(BASE, {
    transports: ["websocket"],
    reconnection: false,
    auth: opts.token ? { token: opts.token } : {},
    extraHeaders: { ...(opts.cookie ? { Cookie: opts.cookie } : {}), ...(opts.origin ? { Origin: opts.origin } : {}) },
  });
  sockets.push(s);
  return s;
}

function once<T>(s: Socket, event: string, ms = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no ${event} within ${ms} ms`)), ms);
    s.once(event, (data: T) => {
      clearTimeout(t);
      resolve(data);
    });
  });
}

type Session = { user: { id: string; username: string } | null };
type Ack = { success: boolean; data?: { user: { id: string } }; error?: { code: string } };

test("the handshake token authenticates the socket", async () => {
  const u = await newUser("sock");
  const session = await once<Session>(connect({ token: u.token }), "session");
  assert.equal(session.user?.id, u.id);
});

test("anonymous sockets connect, then `authenticate` upgrades them", async () => {
  const u = await newUser("sock");
  const s = connect();
  assert.equal((await once<Session>(s, "session")).user, null);
  const ack = (await s.timeout(5000).emitWithAck("authenticate", { token: u.token })) as Ack;
  assert.equal(ack.success, true);
  assert.equal(ack.data?.user.id, u.id);
});

test("`authenticate` answers bad tokens and bad payloads with codes and keeps the connection", async () => {
  const s = connect();
  await once(s, "session");
  const bad = (await s.timeout(5000).emitWithAck("authenticate", { token: "not-a-token" })) as Ack;
  assert.deepEqual([bad.success, bad.error?.code], [false, "INVALID_TOKEN"]);
  const malformed = (await s.timeout(5000).emitWithAck("authenticate", { token: 123, extra: true })) as Ack;
  assert.deepEqual([malformed.success, malformed.error?.code], [false, "VALIDATION_ERROR"]);
  const nothing = (await s.timeout(5000).emitWithAck("authenticate", null)) as Ack;
  assert.equal(nothing.error?.code, "VALIDATION_ERROR");
  assert.equal(s.connected, true);
});

test("a bad handshake token is refused with a code", async () => {
  const err = await once<Error & { data?: { code: string } }>(connect({ token: "forged" }), "connect_error");
  assert.equal(err.data?.code, "INVALID_TOKEN");
});

test("the browser's session cookie authenticates the socket", async () => {
  const u = await newUser("sock");
  const cookie = await sessionCookie(u.username, u.password);
  const session = await once<Session>(connect({ cookie }), "session");
  assert.equal(session.user?.username, u.username);
});

test("browsers from a foreign origin are refused", async () => {
  const err = await once<Error>(connect({ origin: "http://evil.example" }), "connect_error");
  assert.ok(err);
});
