import "server-only";
import Stripe from "stripe";
import { config, type Config } from "@/lib/config";
import { AppError } from "@/lib/errors";
import { processSingleton } from "@/lib/singleton";

/** Whether this server takes money (it has Stripe keys). */
export function paymentsEnabled(cfg: Config = config()): boolean {
  return cfg.payments.enabled;
}

/** Refuses a money feature on a server without Stripe keys: 503, and the interface says payments are off. */
export function assertPaymentsEnabled(cfg: Config = config()): void {
  if (!cfg.payments.enabled) throw new AppError("PAYMENTS_NOT_CONFIGURED", "Payments are not configured on this server");
}

/** A client for the configured account; STRIPE_API_URL points it elsewhere (stripe-mock in tests and development). */
export function createStripeClient(cfg: Config): Stripe {
  assertPaymentsEnabled(cfg);
  const api = cfg.STRIPE_API_URL ? new URL(cfg.STRIPE_API_URL) : undefined;
  return new Stripe(cfg.STRIPE_SECRET_KEY ?? "", {
    maxNetworkRetries: 2,
    timeout: 20_000,
    appInfo: { name: "StreamHub" },
    ...(api ? { host: api.hostname, port: api.port || (api.protocol === "https:" ? 443 : 80), protocol: (api.protocol === "https:" ? "https" : "http") as "https" | "http" } : {}),
  });
}

/** The process's Stripe client; throws PAYMENTS_NOT_CONFIGURED without keys. */
export function stripe(): Stripe {
  assertPaymentsEnabled();
  return processSingleton("stripe.client", () => createStripeClient(config()));
}
