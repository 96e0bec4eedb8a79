import { isIP } from "node:net";
import { z } from "zod";

/**
 * The app's only reader of process.env. Defaults serve local use; production must set its secrets. The
 * scripts (services manager, demo seed, tests, benchmarks) read their own settings in scripts/settings.ts.
 */
const DEV_AUTH_SECRET = "dev-only-auth-secret-change-me-in-production-0123456789";
export const DEV_LIVEKIT_KEY = "devkey";
export const DEV_LIVEKIT_SECRET = "dev-only-livekit-secret-change-me-in-production-0123";

export const port = z.coerce.number().int().min(1).max(65535);
export const optionalString = z.preprocess((v) => (v === "" ? undefined : v), z.string().optional());
export const optionalUrl = z.preprocess((v) => (v === "" ? undefined : v), z.url().optional());

/** Proxy aliases TRUSTED_PROXIES accepts besides addresses and CIDRs. */
export const PROXY_ALIASES = ["loopback", "private"] as const;

function isProxyEntry(entry: string): boolean {
  if ((PROXY_ALIASES as readonly string[]).includes(entry)) return true;
  const [addr, bits, extra] = entry.split("/");
  const family = isIP(addr ?? "");
  if (!family || extra !== undefined) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

/**
 * The proxies in front of the app, as the number of hops (`1`: one reverse proxy) or the list of their
 * addresses and CIDRs (`10.0.0.0/8,::1`, plus the aliases `loopback` and `private`). The client address
 * is then read from X-Forwarded-For from the right, past the trusted proxies only.
 */
const trustedProxiesSchema = z.string().transform((raw, ctx): TrustedProxies => {
  const v = raw.trim();
  if (/^\d+$/.test(v)) return Number(v) === 0 ? { kind: "none" } : { kind: "hops", hops: Math.min(Number(v), 32) };
  const entries = v.split(",").map((s) => s.trim().toLowerCase()).filter(Boolean);
  const bad = entries.filter((e) => !isProxyEntry(e));
  if (!entries.length || bad.length) {
    ctx.addIssue({ code: "custom", message: `must be a hop count or a comma-separated list of addresses, CIDRs, ${PROXY_ALIASES.join(", ")}${bad.length ? ` (not understood: ${bad.join(", ")})` : ""}` });
    return z.NEVER;
  }
  return { kind: "list", entries };
});

/** The currencies money features accept (lib/payments/schemas.ts CURRENCIES; a unit test keeps the two equal). */
export const PAYMENT_CURRENCIES = ["USD", "EUR", "GBP", "JPY"] as const;
const PAYMENT_TIERS = ["basic", "premium", "vip"] as const;
export type TierPrices = Record<(typeof PAYMENT_TIERS)[number], number>;

/** `basic:4.99,premium:9.99,vip:24.99`: every tier once, each a positive amount in the major unit. */
const tierPricesSchema = z.string().transform((raw, ctx): TierPrices => {
  const prices: Partial<TierPrices> = {};
  for (const part of raw.split(",").map((s) => s.trim()).filter(Boolean)) {
    const m = /^(\w+):(\d+(?:\.\d{1,2})?)$/.exec(part);
    const tier = m?.[1] as keyof TierPrices | undefined;
    if (!m || !tier || !(PAYMENT_TIERS as readonly string[]).includes(tier) || Number(m[2]) <= 0 || prices[tier] !== undefined) {
      ctx.addIssue({ code: "custom", message: `must list ${PAYMENT_TIERS.join(", ")} once each as tier:price, e.g. basic:4.99 (not understood: ${part})` });
      return z.NEVER;
    }
    prices[tier] = Number(m[2]);
  }
  const missing = PAYMENT_TIERS.filter((t) => prices[t] === undefined);
  if (missing.length) {
    ctx.addIssue({ code: "custom", message: `has no price for ${missing.join(", ")}` });
    return z.NEVER;
  }
  return prices as TierPrices;
});

const flag = (dflt: "true" | "false") => z.enum(["true", "false", "1", "0"]).default(dflt).transform((v) => v === "true" || v === "1");

export type TrustedProxies = { kind: "none" } | { kind: "hops"; hops: number } | { kind: "list"; entries: string[] };

export const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    HOST: z.string().default("127.0.0.1"),
    PORT: port.default(3000),
    PUBLIC_URL: z.url().optional(),
    AUTH_SECRET: z.string().min(32, "must be at least 32 characters").default(DEV_AUTH_SECRET),
    AUTH_TOKEN_TTL: z.string().regex(/^\d+[smhd]$/, "must look like 30m, 12h or 7d").default("7d"),
    MONGODB_URI: z.string().regex(/^mongodb(\+srv)?:\/\//, "must start with mongodb:// or mongodb+srv://").default("mongodb://127.0.0.1:27027/streamhub"),
    LIVEKIT_URL: z.string().regex(/^wss?:\/\//, "must start with ws:// or wss://").default("ws://127.0.0.1:7880"),
    LIVEKIT_PUBLIC_URL: optionalString,
    LIVEKIT_API_KEY: z.string().min(3).default(DEV_LIVEKIT_KEY),
    LIVEKIT_API_SECRET: z.string().min(32, "must be at least 32 characters").default(DEV_LIVEKIT_SECRET),
    REDIS_URL: optionalUrl,
    RTMP_INGEST_URL: z.string().regex(/^rtmps?:\/\//, "must start with rtmp:// or rtmps://").default("rtmp://127.0.0.1:1935/live"),
    /** The media worker (workers/media.ts): its RTMP listener, job leases, capacity and storage. */
    RTMP_PORT: port.default(1935),
    RTMP_BIND: z.string().default("127.0.0.1"),
    /** Where other workers reach this worker's RTMP listener to pull a publish (default: RTMP_BIND, or loopback when it binds all interfaces). */
    RTMP_PULL_HOST: optionalString,
    MEDIA_RTMP: z.enum(["true", "false", "1", "0"]).default("true").transform((v) => v === "true" || v === "1"),
    MEDIA_LEASE_MS: z.coerce.number().int().min(1000).max(60_000).default(5000),
    /** Jobs of each type (ingest, record, thumbnail) one worker runs at once. */
    MEDIA_WORKER_CAPACITY: z.coerce.number().int().min(1).max(100).default(8),
    /** Local storage for recordings, HLS and thumbnails (and the worker's scratch space). */
    MEDIA_DIR: z.string().default(".data/media"),
    /** The recorder's output box (live HLS, recordings): any input is scaled and padded into it. */
    RECORDING_SIZE: z.string().regex(/^\d{2,4}x\d{2,4}$/, "must look like 1280x720").default("1280x720"),
    RECORDING_FPS: z.coerce.number().int().min(5).max(60).default(30),
    /** S3-compatible storage for recordings (MinIO, R2, AWS); without S3_BUCKET they stay in MEDIA_DIR. */
    S3_BUCKET: optionalString,
    S3_ENDPOINT: optionalUrl,
    S3_REGION: z.string().default("us-east-1"),
    S3_ACCESS_KEY_ID: optionalString,
    S3_SECRET_ACCESS_KEY: optionalString,
    S3_FORCE_PATH_STYLE: z.enum(["true", "false", "1", "0"]).default("false").transform((v) => v === "true" || v === "1"),
    HOST_GRACE_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
    /** A stream started whose host's media never came (an OBS never set up, a studio closed first) ends after this (lib/media/host-grace.ts). */
    STREAM_IDLE_END_SECONDS: z.coerce.number().int().min(60).max(86_400).default(1800),
    MEDIA_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(600),
    /** How long an invite onto a stream's stage waits for an answer (lib/guests). */
    GUEST_INVITE_TTL_SECONDS: z.coerce.number().int().min(10).max(86_400).default(120),
    CHAT_RATE_LIMIT: z.coerce.number().int().min(1).default(30),
    CHAT_RATE_WINDOW_SECONDS: z.coerce.number().int().min(1).default(60),
    CHAT_FLUSH_INTERVAL_MS: z.coerce.number().int().min(10).max(5000).default(100),
    REACTION_FLUSH_INTERVAL_MS: z.coerce.number().int().min(50).max(5000).default(250),
    // How long a stream room's chat, reactions and counts wait to leave as one frame for connections that opt in (lib/realtime/stream-batches.ts).
    SOCKET_BATCH_WINDOW_MS: z.coerce.number().int().min(5).max(1000).default(25),
    // How far that wait stretches when a room's frames grow slow to send: the next window is at least twice the last frame's fan-out time, up to this.
    SOCKET_BATCH_MAX_WINDOW_MS: z.coerce.number().int().min(5).max(1000).default(60),
    SOCKET_MAX_CONNECTIONS_PER_USER: z.coerce.number().int().min(1).default(10),
    SOCKET_MAX_STREAMS_PER_SOCKET: z.coerce.number().int().min(1).default(5),
    SOCKET_EVENTS_PER_SECOND: z.coerce.number().int().min(1).default(50),
    SOCKET_AUTH_TIMEOUT_MS: z.coerce.number().int().min(1000).default(10_000),
    SOCKET_MAX_CONNECTIONS_PER_IP: z.coerce.number().int().min(1).default(100),
    MEDIA_TOKEN_RATE_LIMIT: z.coerce.number().int().min(1).default(60),
    MEDIA_TOKEN_RATE_LIMIT_PER_IP: z.coerce.number().int().min(1).default(120),
    ENGAGEMENT_RATE_LIMIT: z.coerce.number().int().min(1).default(30),
    ENGAGEMENT_FLUSH_INTERVAL_MS: z.coerce.number().int().min(50).max(10_000).default(1000),
    STREAM_CREATE_RATE_LIMIT: z.coerce.number().int().min(1).default(30),
    /** A viewer back within this many seconds continues their view (a reconnect, a refresh); later, a new view. */
    ANALYTICS_VIEW_GAP_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
    /** How often the analytics buffer writes its per-minute counters ($inc/$max, one bulk write). */
    ANALYTICS_FLUSH_INTERVAL_MS: z.coerce.number().int().min(100).max(60_000).default(3000),
    /** How often a live stream's owner dashboard hears `analytics_update`. */
    ANALYTICS_UPDATE_INTERVAL_MS: z.coerce.number().int().min(500).max(60_000).default(5000),
    GITHUB_ID: optionalString,
    GITHUB_SECRET: optionalString,
    GOOGLE_ID: optionalString,
    GOOGLE_SECRET: optionalString,
    LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).default(10),
    LOGIN_RATE_WINDOW_SECONDS: z.coerce.number().int().min(1).default(600),
    LOGIN_RATE_LIMIT_PER_IP: z.coerce.number().int().min(1).default(100),
    REGISTER_RATE_LIMIT_PER_IP: z.coerce.number().int().min(1).default(30),
    /** Where sign-up mail goes out (smtp://user:pass@host:587, smtps://...:465); without it, development logs the links. */
    SMTP_URL: z.preprocess((v) => (v === "" ? undefined : v), z.string().regex(/^smtps?:\/\//, "must start with smtp:// or smtps://").optional()),
    MAIL_FROM: z.string().min(3).default("StreamHub <no-reply@localhost>"),
    EMAIL_VERIFY_RESEND_LIMIT: z.coerce.number().int().min(1).default(5),
    SOCKET_ALLOWED_ORIGINS: optionalString,
    HEALTH_TOKEN: z.preprocess((v) => (v === "" ? undefined : v), z.string().min(16, "must be at least 16 characters").optional()),
    WEBHOOK_EVENT_RETENTION_DAYS: z.coerce.number().int().min(1).max(365).default(7),
    TRUST_PROXY: z.enum(["true", "false", "1", "0"]).default("false").transform((v) => v === "true" || v === "1"),
    TRUSTED_PROXIES: optionalString.pipe(trustedProxiesSchema.optional()),
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
    /** server.ts answers the discovery listings itself, before Next (lib/http/fast-reads.ts); false: Next serves them, as any route (the parity test's reference). */
    FAST_READS: flag("true"),
    /** Stripe (lib/payments): without a secret key every money feature is off and says so (503 PAYMENTS_NOT_CONFIGURED). */
    STRIPE_SECRET_KEY: z.preprocess((v) => (v === "" ? undefined : v), z.string().regex(/^(sk|rk)_(test|live)_\w+$/, "must be a Stripe secret or restricted key (sk_test_…, sk_live_…)").optional()),
    /** The webhook endpoints' signing secrets (whsec_…), comma-separated when the account and Connect endpoints differ. */
    STRIPE_WEBHOOK_SECRET: z.preprocess((v) => (v === "" ? undefined : v), z.string().regex(/^whsec_\w+(,\s*whsec_\w+)*$/, "must be the endpoint's signing secret(s), whsec_…").optional()),
    /** Another Stripe API base (stripe-mock in tests and development): http://127.0.0.1:12111. */
    STRIPE_API_URL: optionalUrl,
    /** Stripe Connect (Express): creators onboard and charges go to them, less the platform fee; off, the platform's account receives everything. */
    STRIPE_CONNECT: flag("false"),
    PLATFORM_FEE_PERCENT: z.coerce.number().min(0).max(50).default(10),
    SUBSCRIPTION_PRICES: tierPricesSchema.default({ basic: 4.99, premium: 9.99, vip: 24.99 }),
    SUBSCRIPTION_CURRENCY: z.enum(PAYMENT_CURRENCIES).default("USD"),
  })
  .superRefine((env, ctx) => {
    const fail = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    // Money taken without webhooks would never be recorded: Stripe's events are the only source of truth.
    if (env.STRIPE_SECRET_KEY && !env.STRIPE_WEBHOOK_SECRET) fail("STRIPE_WEBHOOK_SECRET", "must be set with STRIPE_SECRET_KEY (payments are recorded from Stripe's webhooks)");
    // Yen have no minor unit (lib/payments/schemas.ts CURRENCY_RULES).
    if (env.SUBSCRIPTION_CURRENCY === "JPY" && Object.values(env.SUBSCRIPTION_PRICES).some((p) => !Number.isInteger(p))) fail("SUBSCRIPTION_PRICES", "must be whole yen with SUBSCRIPTION_CURRENCY=JPY");
    // Production never runs on the published development defaults, wherever it is served from.
    if (env.NODE_ENV !== "production") return;
    if (env.AUTH_SECRET === DEV_AUTH_SECRET) fail("AUTH_SECRET", "must be set in production");
    if (env.LIVEKIT_API_SECRET === DEV_LIVEKIT_SECRET) fail("LIVEKIT_API_SECRET", "must be set in production");
    if (env.LIVEKIT_API_KEY === DEV_LIVEKIT_KEY) fail("LIVEKIT_API_KEY", "must be set in production");
    if (!env.PUBLIC_URL) fail("PUBLIC_URL", "is required in production (the address people open, e.g. https://live.example.org)");
    // Sign-up sends the email verification link; logging it instead is for development only.
    if (!env.SMTP_URL) fail("SMTP_URL", "must be set in production (sign-up emails a verification link)");
  });

export type Env = z.infer<typeof envSchema>;

export type Config = Env & {
  publicUrl: string;
  livekitPublicUrl: string;
  allowedOrigins: string[];
  /** TRUSTED_PROXIES, or one hop when only the older TRUST_PROXY=true is set. */
  trustedProxies: TrustedProxies;
  oauth: { github: boolean; google: boolean };
  payments: PaymentsSettings;
};

/** Money features as configured; `enabled` is false without Stripe keys. */
export type PaymentsSettings = {
  enabled: boolean;
  connect: boolean;
  feePercent: number;
  webhookSecrets: string[];
  subscriptionCurrency: (typeof PAYMENT_CURRENCIES)[number];
  subscriptionPrices: TierPrices;
};

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Parses an environment; throws a ConfigError naming every wrong variable. */
export function parseConfig(source: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".") || "(env)"}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const env = parsed.data;
  const publicUrl = (env.PUBLIC_URL ?? `http://${env.HOST === "0.0.0.0" ? "localhost" : env.HOST}:${env.PORT}`).replace(/\/$/, "");
  const allowedOrigins = env.SOCKET_ALLOWED_ORIGINS ? env.SOCKET_ALLOWED_ORIGINS.split(",").map((s) => s.trim()).filter(Boolean) : [];
  if (!allowedOrigins.includes(publicUrl)) allowedOrigins.push(publicUrl);
  return {
    ...env,
    publicUrl,
    livekitPublicUrl: env.LIVEKIT_PUBLIC_URL ?? env.LIVEKIT_URL,
    allowedOrigins,
    trustedProxies: env.TRUSTED_PROXIES ?? (env.TRUST_PROXY ? { kind: "hops", hops: 1 } : { kind: "none" }),
    oauth: { github: Boolean(env.GITHUB_ID && env.GITHUB_SECRET), google: Boolean(env.GOOGLE_ID && env.GOOGLE_SECRET) },
    payments: {
      enabled: Boolean(env.STRIPE_SECRET_KEY),
      connect: Boolean(env.STRIPE_SECRET_KEY) && env.STRIPE_CONNECT,
      feePercent: env.PLATFORM_FEE_PERCENT,
      webhookSecrets: (env.STRIPE_WEBHOOK_SECRET ?? "").split(",").map((s) => s.trim()).filter(Boolean),
      subscriptionCurrency: env.SUBSCRIPTION_CURRENCY,
      subscriptionPrices: env.SUBSCRIPTION_PRICES,
    },
  };
}

let cached: Config | undefined;

/** The process configuration, parsed once. */
export function config(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}
