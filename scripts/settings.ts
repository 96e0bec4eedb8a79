import { z } from "zod";
import { randomBytes } from "node:crypto";
import { ConfigError, DEV_LIVEKIT_KEY, DEV_LIVEKIT_SECRET, optionalString, optionalUrl, port } from "@/lib/config";

/**
 * Settings of the scripts around the app — the local services manager (ports, data folder, cache), the
 * demo seed — read from the environment here, apart from the app's own configuration in lib/config.ts.
 */
const flag = (dflt: "" | "true") => z.enum(["true", "false", "1", "0", ""]).default(dflt).transform((v) => v === "true" || v === "1");

export const servicesEnvSchema = z.object({
  STREAMHUB_DATA_DIR: z.string().default(".data"),
  STREAMHUB_CACHE: z.string().optional(),
  MONGODB_URI: optionalString,
  MONGO_PORT: port.default(27027),
  LIVEKIT_URL: optionalString,
  LIVEKIT_PORT: port.default(7880),
  LIVEKIT_RTC_TCP_PORT: port.default(7881),
  LIVEKIT_RTC_UDP_PORT: port.default(7882),
  LIVEKIT_API_KEY: z.string().min(3).default(DEV_LIVEKIT_KEY),
  LIVEKIT_API_SECRET: z.string().min(32, "must be at least 32 characters").default(DEV_LIVEKIT_SECRET),
  REDIS_URL: optionalUrl,
  REDIS_PORT: port.default(6390),
  WITH_REDIS: flag("true"),
  /**
   * stripe-mock (Stripe's API stand-in) for development and tests, started unless a real STRIPE_SECRET_KEY is
   * set (payments then go to Stripe's test or live mode) or WITH_STRIPE_MOCK=false (payments off).
   */
  WITH_STRIPE_MOCK: flag("true"),
  STRIPE_MOCK_PORT: port.default(12111),
  STRIPE_SECRET_KEY: optionalString,
  STRIPE_WEBHOOK_SECRET: optionalString,
  SERVICES_START_TIMEOUT_MS: z.coerce.number().int().min(1000).default(30_000),
  /** `npm run dev` adds demo users and streams to an empty database. */
  SEED_DEMO: flag("true"),
  HOME: z.string().default("/tmp"),
  PATH: z.string().default(""),
});

export type ServicesEnv = z.infer<typeof servicesEnvSchema>;

export function parseServicesConfig(source: Record<string, string | undefined>): ServicesEnv {
  const parsed = servicesEnvSchema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(`Invalid configuration:\n${parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n")}`);
  }
  return parsed.data;
}

/** The environment as the services manager and scripts read it. */
export function servicesConfig(): ServicesEnv {
  return parseServicesConfig(process.env);
}

/** The environment handed to child processes (services, the app under test): the current one plus overrides. */
export function childEnv(overrides: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, ...overrides })) if (v !== undefined) out[k] = v;
  return out as NodeJS.ProcessEnv;
}

/**
 * Fresh LiveKit credentials for a throwaway stack (tests, benchmarks): the app runs as in production there,
 * and production refuses the development key and secret.
 */
export function ephemeralLivekitKeys(): { LIVEKIT_API_KEY: string; LIVEKIT_API_SECRET: string } {
  return { LIVEKIT_API_KEY: `test_${randomBytes(4).toString("hex")}`, LIVEKIT_API_SECRET: randomBytes(32).toString("hex") };
}
