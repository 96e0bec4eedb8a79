import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { envSchema, parseConfig } from "@/lib/config";

/**
 * docker-compose.yml and .dockerignore, checked without Docker: scripts/compose-check loads the compose file
 * with compose-go (what `docker compose` runs) and applies .dockerignore with the builder's matcher.
 */
const ROOT = path.resolve(import.meta.dirname, "../..");
const COMPOSE = path.join(ROOT, "docker-compose.yml");
const SECRETS = ["AUTH_SECRET", "LIVEKIT_API_KEY", "LIVEKIT_API_SECRET", "SMTP_URL"];

// Built (or found in ~/.cache/streamhub) once; the first build downloads its modules from the Go proxy.
const bin = execFileSync("bash", [path.join(ROOT, "scripts/provision.sh"), "compose-check"], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], timeout: 600_000 }).trim();

type Service = { image?: string; build: boolean; environment: Record<string, string>; dependsOn: string[] };

function compose(vars: Record<string, string>, envFile?: string) {
  const args = ["compose", ...(envFile ? ["-env-file", envFile] : []), ...Object.entries(vars).flatMap(([k, v]) => ["-env", `${k}=${v}`]), COMPOSE];
  const r = spawnSync(bin, args, { encoding: "utf8", timeout: 60_000 });
  return { ok: r.status === 0, stderr: r.stderr, services: r.status === 0 ? (JSON.parse(r.stdout) as { services: Record<string, Service> }).services : {} };
}

const secret = () => randomBytes(32).toString("hex");
const deploy = { PUBLIC_URL: "https://live.example.org", LIVEKIT_PUBLIC_URL: "wss://rtc.example.org", AUTH_SECRET: secret(), LIVEKIT_API_KEY: "streamhub", LIVEKIT_API_SECRET: secret(), SMTP_URL: "smtp://mail.example.org:587" };

test(".env.example reads the same to Compose as to people: no comment taken for a value", () => {
  const vars = JSON.parse(execFileSync(bin, ["env", path.join(ROOT, ".env.example")], { encoding: "utf8" })) as Record<string, string>;
  assert.ok(Object.keys(vars).length > 10);
  assert.deepEqual(Object.entries(vars).filter(([, v]) => v.includes("#")), [], "`KEY=   # text` is the value \"# text\" to Compose: put the comment on its own line");
});

test("compose loads with the documented variables, and the app's environment is a valid production config", () => {
  // .env.example leaves the secrets empty: Compose must refuse, naming each one it still needs.
  const example = compose({}, path.join(ROOT, ".env.example"));
  assert.equal(example.ok, false);
  assert.match(example.stderr, /required variable AUTH_SECRET is missing a value/);
  assert.match(example.stderr, /required variable LIVEKIT_API_SECRET is missing a value/);

  for (const [what, r] of [
    // Production refuses the development LiveKit key as it refuses the development secrets.
    [".env.example with its secrets filled in", compose({ AUTH_SECRET: secret(), LIVEKIT_API_KEY: "streamhub", LIVEKIT_API_SECRET: secret(), SMTP_URL: "smtp://mail.example.org:587" }, path.join(ROOT, ".env.example"))],
    ["the deployment variables", compose(deploy)],
  ] as const) {
    assert.ok(r.ok, `${what}: ${r.stderr}`);
    assert.doesNotMatch(r.stderr, /variable is not set/, `${what}: every variable compose reads is required or has a default`);
    const app = r.services.app ?? assert.fail("no app service");
    const known = new Set([...Object.keys(envSchema.shape), "NEXTAUTH_URL"]);
    assert.deepEqual(Object.keys(app.environment).filter((k) => !known.has(k)), [], `${what}: variables the app never reads`);
    assert.doesNotThrow(() => parseConfig(app.environment), `${what}: the app would refuse this configuration`);
    // The media worker reads the same configuration (lib/config.ts) and must share the app's secrets and storage.
    const media = r.services.media ?? assert.fail("no media service");
    assert.deepEqual(Object.keys(media.environment).filter((k) => !known.has(k)), [], `${what}: variables the worker never reads`);
    assert.doesNotThrow(() => parseConfig(media.environment), `${what}: the media worker would refuse this configuration`);
    for (const k of ["AUTH_SECRET", "LIVEKIT_API_KEY", "LIVEKIT_API_SECRET", "MONGODB_URI", "REDIS_URL", "MEDIA_DIR"]) assert.equal(media.environment[k], app.environment[k], `${what}: ${k} differs between app and worker`);
  }
});

test("compose refuses to start when a secret is missing or empty", () => {
  for (const name of SECRETS) {
    for (const value of [undefined, ""]) {
      const vars: Record<string, string> = { ...deploy };
      if (value === undefined) delete vars[name];
      else vars[name] = value;
      const r = compose(vars);
      assert.equal(r.ok, false, `${name}=${JSON.stringify(value)} was accepted`);
      assert.match(r.stderr, new RegExp(`required variable ${name} is missing a value`));
    }
  }
});

test("compose runs what the app uses: no LiveKit Ingress or Egress (our media worker instead), the pinned LiveKit", () => {
  const { services } = compose(deploy);
  assert.deepEqual(Object.keys(services).sort(), ["app", "livekit", "media", "mongo", "redis"]);
  assert.deepEqual(services.media?.dependsOn, ["livekit", "mongo", "redis"]);
  const pinned = /^LIVEKIT_VERSION=(.+)$/m.exec(fs.readFileSync(path.join(ROOT, "scripts/services/versions.env"), "utf8"))?.[1];
  assert.equal(services.livekit?.image, `livekit/livekit-server:${pinned}`);
  assert.deepEqual(services.app?.dependsOn, ["livekit", "mongo", "redis"]);
  assert.match(services.livekit?.environment.LIVEKIT_KEYS ?? "", new RegExp(`^streamhub: ${deploy.LIVEKIT_API_SECRET}$`));
});

test(".dockerignore keeps secrets, local data, builds and dependencies out of the image", () => {
  const excluded = [".env", ".env.local", ".env.production", ".env.development.local", "lib/.env", ".data/ferretdb/x.sqlite", ".next/cache/x", "node_modules/next/package.json", "test-results/e2e.json", "playwright-report/index.html", "e2e/.auth/user.json", ".git/HEAD"];
  const included = [".env.example", "package.json", "package-lock.json", "server.ts", "app/layout.tsx", "lib/config.ts", "scripts/node/server-only.mjs", "public/x.svg"];
  const out = execFileSync(bin, ["dockerignore", path.join(ROOT, ".dockerignore"), ...excluded, ...included], { encoding: "utf8" });
  const verdicts = Object.fromEntries(out.trim().split("\n").map((l) => l.split(" ").reverse() as [string, string]));
  for (const p of excluded) assert.equal(verdicts[p], "excluded", p);
  for (const p of included) assert.equal(verdicts[p], "included", p);
});
