import { z } from "zod";

/**
 * The app's only reader of process.env. Defaults serve local use; production must set its secrets. The
 * scripts (services manager, demo seed, tests, benchmarks) read their own settings in scripts/settings.ts.
 */
const DEV_AUTH_SECRET = "dev-only-auth-secret-change-me-in-production-0123456789";
export const DEV_LIVEKIT_SECRET = "dev-only-livekit-secret-change-me-in-production-0123";

export const port = z.coerce.number().int().min(1).max(65535);
export const optionalString = z.preprocess((v) => (v === "" ? undefined : v), z.string().optional());
export const optionalUrl = z.preprocess((v) => (v === "" ? undefined : v), z.url().optional());

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
    LIVEKIT_API_KEY: z.string().min(3).default("devkey"),
    LIVEKIT_API_SECRET: z.string().min(32, "must be at least 32 characters").default(DEV_LIVEKIT_SECRET),
    REDIS_URL: optionalUrl,
    RTMP_INGEST_URL: z.string().regex(/^rtmps?:\/\//, "must start with rtmp:// or rtmps://").default("rtmp://127.0.0.1:1935/live"),
    HOST_GRACE_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
    MEDIA_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(600),
    CHAT_RATE_LIMIT: z.coerce.number().int().min(1).default(30),
    CHAT_RATE_WINDOW_SECONDS: z.coerce.number().int().min(1).default(60),
    CHAT_FLUSH_INTERVAL_MS: z.coerce.number().int().min(10).max(5000).default(100),
    REACTION_FLUSH_INTERVAL_MS: z.coerce.number().int().min(50).max(5000).default(250),
    SOCKET_MAX_CONNECTIONS_PER_USER: z.coerce.number().int().min(1).default(10),
    SOCKET_MAX_STREAMS_PER_SOCKET: z.coerce.number().int().min(1).default(5),
    SOCKET_EVENTS_PER_SECOND: z.coerce.number().int().min(1).default(50),
    SOCKET_AUTH_TIMEOUT_MS: z.coerce.number().int().min(1000).default(10_000),
    STREAM_CREATE_RATE_LIMIT: z.coerce.number().int().min(1).default(30),
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
    TRUST_PROXY: z.enum(["true", "false", "1", "0"]).default("false").transform((v) => v === "true" || v === "1"),
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV !== "production") return;
    if (env.AUTH_SECRET === DEV_AUTH_SECRET) ctx.addIssue({ code: "custom", path: ["AUTH_SECRET"], message: "must be set in production" });
    // Sign-up sends the email verification link; logging it instead is for development only.
    if (!env.SMTP_URL) ctx.addIssue({ code: "custom", path: ["SMTP_URL"], message: "must be set in production (sign-up emails a verification link)" });
    if (env.LIVEKIT_API_SECRET === DEV_LIVEKIT_SECRET && env.PUBLIC_URL && !/localhost|127\.0\.0\.1/.test(env.PUBLIC_URL)) {
      ctx.addIssue({ code: "custom", path: ["LIVEKIT_API_SECRET"], message: "must be set when served beyond loopback" });
    }
  });

export type Env = z.infer<typeof envSchema>;

export type Config = Env & {
  publicUrl: string;
  livekitPublicUrl: string;
  allowedOrigins: string[];
  oauth: { github: boolean; google: boolean };
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
    oauth: { github: Boolean(env.GITHUB_ID && env.GITHUB_SECRET), google: Boolean(env.GOOGLE_ID && env.GOOGLE_SECRET) },
  };
}

let cached: Config | undefined;

/** The process configuration, parsed once. */
export function config(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}
