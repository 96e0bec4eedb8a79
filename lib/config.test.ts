import { test } from "node:test";
import assert from "node:assert/strict";
import { ConfigError, parseConfig } from "@/lib/config";

test("defaults serve local use", () => {
  const cfg = parseConfig({});
  assert.equal(cfg.PORT, 3000);
  assert.equal(cfg.publicUrl, "http://127.0.0.1:3000");
  assert.equal(cfg.LIVEKIT_URL, "ws://127.0.0.1:7880");
  assert.deepEqual(cfg.oauth, { github: false, google: false });
  assert.ok(cfg.allowedOrigins.includes(cfg.publicUrl));
});

test("a wrong value fails naming the variable", () => {
  assert.throws(() => parseConfig({ PORT: "70000" }), (e: unknown) => e instanceof ConfigError && /PORT/.test(e.message));
  assert.throws(() => parseConfig({ MONGODB_URI: "postgres://x" }), /MONGODB_URI/);
  assert.throws(() => parseConfig({ AUTH_SECRET: "short" }), /AUTH_SECRET: must be at least 32/);
});

test("production refuses the development secret", () => {
  assert.throws(() => parseConfig({ NODE_ENV: "production" }), /AUTH_SECRET: must be set in production/);
  assert.doesNotThrow(() => parseConfig({ NODE_ENV: "production", AUTH_SECRET: "x".repeat(40), ...livekit, PUBLIC_URL: "https://live.example.org", SMTP_URL: "smtp://mail.example.org:587" }));
});

const livekit = { LIVEKIT_API_KEY: "prod-key", LIVEKIT_API_SECRET: "s".repeat(40) };

test("production refuses every development default, wherever it is served from", () => {
  const base = { NODE_ENV: "production", AUTH_SECRET: "x".repeat(40), PUBLIC_URL: "http://127.0.0.1:3000", SMTP_URL: "smtp://mail.example.org:587", ...livekit };
  assert.doesNotThrow(() => parseConfig(base));
  assert.throws(() => parseConfig({ ...base, LIVEKIT_API_SECRET: undefined }), /LIVEKIT_API_SECRET: must be set in production/);
  assert.throws(() => parseConfig({ ...base, LIVEKIT_API_KEY: undefined }), /LIVEKIT_API_KEY: must be set in production/);
  assert.throws(() => parseConfig({ ...base, PUBLIC_URL: undefined }), /PUBLIC_URL: is required in production/);
  assert.doesNotThrow(() => parseConfig({ NODE_ENV: "development" }), "development keeps its defaults");
});

test("production needs a mail server; development logs the links instead", () => {
  assert.throws(() => parseConfig({ NODE_ENV: "production", AUTH_SECRET: "x".repeat(40) }), /SMTP_URL: must be set in production/);
  assert.equal(parseConfig({}).SMTP_URL, undefined);
  assert.throws(() => parseConfig({ SMTP_URL: "http://mail" }), /SMTP_URL: must start with smtp/);
});

test("OAuth providers switch on only with both id and secret", () => {
  assert.equal(parseConfig({ GITHUB_ID: "id" }).oauth.github, false);
  assert.equal(parseConfig({ GITHUB_ID: "id", GITHUB_SECRET: "s" }).oauth.github, true);
});

test("HEALTH_TOKEN is optional but never short; webhook ids are kept 7 days unless set", () => {
  assert.equal(parseConfig({}).HEALTH_TOKEN, undefined);
  assert.equal(parseConfig({ HEALTH_TOKEN: "" }).HEALTH_TOKEN, undefined);
  assert.throws(() => parseConfig({ HEALTH_TOKEN: "short" }), /HEALTH_TOKEN: must be at least 16/);
  assert.equal(parseConfig({}).WEBHOOK_EVENT_RETENTION_DAYS, 7);
  assert.equal(parseConfig({ WEBHOOK_EVENT_RETENTION_DAYS: "30" }).WEBHOOK_EVENT_RETENTION_DAYS, 30);
});
