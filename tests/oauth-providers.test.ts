import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { BASE } from "./support/http";
import { startApp, type AppProcess } from "../scripts/app-process";
import { freePort } from "../scripts/services/process";

let withOAuth: AppProcess | undefined;

before(async () => {
  const port = await freePort();
  const env = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => typeof e[1] === "string"));
  withOAuth = await startApp({ env: { ...env, GITHUB_ID: "gh-client", GITHUB_SECRET: "gh-secret", GOOGLE_ID: "g-client", GOOGLE_SECRET: "g-secret" }, port, production: true, stdio: "pipe" });
});

after(async () => {
  await withOAuth?.stop();
});

test("GitHub and Google sign-in switch on only when their env vars are set", async () => {
  const plain = (await (await fetch(`${BASE}/api/auth/providers`)).json()) as Record<string, unknown>;
  assert.deepEqual(Object.keys(plain), ["credentials"]);
  assert.doesNotMatch(await (await fetch(`${BASE}/login`)).text(), /Continue with GitHub/);

  const url = withOAuth?.url ?? "";
  const configured = (await (await fetch(`${url}/api/auth/providers`)).json()) as Record<string, unknown>;
  assert.deepEqual(Object.keys(configured).sort(), ["credentials", "github", "google"]);
  const login = await (await fetch(`${url}/login`)).text();
  assert.match(login, /Continue with GitHub/);
  assert.match(login, /Continue with Google/);
});
