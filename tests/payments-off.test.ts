import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { newUser } from "./support/http";
import { act, createStream } from "./support/streams";
import { startApp, type AppProcess } from "../scripts/app-process";
import { freePort } from "../scripts/services/process";

/**
 * A server run without Stripe keys (a community that takes no money), beside the suite's own app on the
 * same database: it starts, every money route answers 503 PAYMENTS_NOT_CONFIGURED, and the rest works.
 */
let off: AppProcess | undefined;

before(async () => {
  const env = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => typeof e[1] === "string"));
  // Empty is unset (as in .env.example); startApp lays its env over this process's, so each is named.
  const noStripe = { STRIPE_SECRET_KEY: "", STRIPE_WEBHOOK_SECRET: "", STRIPE_API_URL: "", STRIPE_CONNECT: "false" };
  off = await startApp({ env: { ...env, ...noStripe }, port: await freePort(), production: true, stdio: "pipe" });
});

after(async () => {
  await off?.stop();
});

async function on(method: string, path: string, token?: string, json?: unknown): Promise<{ status: number; code?: string; body: unknown }> {
  const headers: Record<string, string> = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  if (json !== undefined) headers["Content-Type"] = "application/json";
  const res = await fetch(`${off?.url}${path}`, { method, headers, body: json === undefined ? undefined : JSON.stringify(json) });
  const body = (await res.json().catch(() => null)) as { error?: { code?: string } } | null;
  return { status: res.status, code: body?.error?.code, body };
}

test("without Stripe keys the app runs: money routes answer 503 PAYMENTS_NOT_CONFIGURED, the config says off, watching and chat work", { timeout: 120_000 }, async () => {
  const host = await newUser("poh");
  const fan = await newUser("pof");
  const s = await createStream(host, { features: { donationsEnabled: true } });
  assert.equal((await act(host, s.streamId, "start")).status, 200);
  const paid = await createStream(host, { streamType: "paid", ticketPrice: 4.99, currency: "USD" });

  const cfg = await on("GET", "/api/payments/config");
  assert.equal(cfg.status, 200);
  assert.equal((cfg.body as { data: { enabled: boolean } }).data.enabled, false);

  const refused = [
    ["donate", await on("POST", `/api/livestream/${s.streamId}/donate`, fan.token, { amount: 5, message: "hi", currency: "USD" })],
    ["ticket", await on("POST", `/api/livestream/${paid.streamId}/ticket`, fan.token)],
    ["subscribe", await on("POST", "/api/livestream/subscribe", fan.token, { streamerId: host.id, tier: "basic" })],
    ["earnings", await on("GET", "/api/users/me/earnings", host.token)],
    ["payouts", await on("GET", "/api/users/me/payouts", host.token)],
    ["onboard", await on("POST", "/api/users/me/payouts/onboard", host.token)],
    ["webhook", await on("POST", "/api/stripe/webhook", undefined, { id: "evt_x", type: "checkout.session.completed" })],
  ] as const;
  assert.deepEqual(
    refused.map(([what, r]) => [what, r.status, r.code]),
    refused.map(([what]) => [what, 503, "PAYMENTS_NOT_CONFIGURED"]),
  );

  // Everything else is untouched: the stream, its watch page, a media token and chat.
  assert.equal((await on("GET", `/api/livestream/${s.streamId}`)).status, 200);
  const page = await fetch(`${off?.url}/watch/${s.streamId}`);
  assert.equal(page.status, 200);
  assert.equal((await on("POST", `/api/livestream/${s.streamId}/token`, fan.token)).status, 200);
  assert.equal((await on("POST", `/api/livestream/${s.streamId}/chat`, fan.token, { message: "no money, still chatting" })).status, 201);
  await act(host, s.streamId, "end");
});
