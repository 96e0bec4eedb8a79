import { after, test } from "node:test";
import assert from "node:assert/strict";
import type { Socket } from "socket.io-client";
import { BASE, call, newUser, sessionCookie } from "./support/http";
import { closeAll, connect, connected, next } from "./support/sockets";

after(closeAll);

type Session = { user: { id: string } | null };

function cookieSocket(cookie: string): Socket {
  return connect({ extraHeaders: { Cookie: cookie } });
}

async function sessionOf(s: Socket): Promise<Session["user"]> {
  return (await next<Session>(s, "session")).user;
}

async function browserSession(cookie: string): Promise<Record<string, unknown>> {
  return (await (await fetch(`${BASE}/api/auth/session`, { headers: { Cookie: cookie } })).json()) as Record<string, unknown>;
}

test("logging out everywhere ends browser sessions on REST and sockets, for good", async () => {
  const u = await newUser("sess");
  const cookie = await sessionCookie(u.username, u.password);
  const other = await sessionCookie(u.username, u.password); // another browser of the same person
  assert.equal((await call("GET", "/api/users/me", { headers: { Cookie: cookie } })).status, 200);
  assert.ok((await browserSession(cookie)).user);
  const s = cookieSocket(cookie);
  const first = sessionOf(s);
  await connected(s);
  assert.equal((await first)?.id, u.id);

  const gone = next<string>(s, "disconnect");
  assert.equal((await call("POST", "/api/auth/logout", { token: u.token })).status, 200);
  assert.equal(await gone, "io server disconnect", "the server closed the live socket");

  for (const c of [cookie, other]) {
    assert.equal((await call("GET", "/api/users/me", { headers: { Cookie: c } })).status, 401);
    assert.deepEqual(await browserSession(c), {}, "next-auth no longer reports the session");
  }
  const again = cookieSocket(cookie);
  assert.equal(await sessionOf(again), null, "the same cookie reconnects as nobody");

  // A fresh log-in works, and the browser's own logout (a cookie-authenticated call) ends it too.
  const fresh = await sessionCookie(u.username, u.password);
  assert.equal((await call("GET", "/api/users/me", { headers: { Cookie: fresh } })).status, 200);
  // As a browser sends it: same-origin, so the CSRF check lets it through.
  assert.equal((await call("POST", "/api/auth/logout", { headers: { Cookie: fresh, Origin: BASE } })).status, 200);
  assert.equal((await call("GET", "/api/users/me", { headers: { Cookie: fresh } })).status, 401);
});

test("a socket whose connection dropped just before the logout is not restored as that user", async () => {
  const u = await newUser("sessdrop");
  const cookie = await sessionCookie(u.username, u.password);
  const s = cookieSocket(cookie);
  const first = sessionOf(s);
  await connected(s);
  assert.equal((await first)?.id, u.id);
  // The transport drops (the server keeps the session two minutes for recovery), then the person logs out.
  const dropped = next<string>(s, "disconnect");
  s.io.engine.close();
  await dropped;
  assert.equal((await call("POST", "/api/auth/logout", { token: u.token })).status, 200);

  const restored = next<void>(s, "connect");
  const ended = next<string>(s, "disconnect");
  s.connect();
  await restored;
  assert.equal(s.recovered, true, "connection-state recovery restored the session, skipping the handshake");
  assert.equal(await ended, "io server disconnect", "...and the server ended it");
});
