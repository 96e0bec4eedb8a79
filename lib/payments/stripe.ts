import "server-only";
import Stripe from "stripe";
import { config, type Config } from "@/lib/config";
import { AppError } from "@/lib/errors";
import { processSingleton } from "@/lib/singleton";

// Stand-in for P1's module (h18-core): replaced when that branch is merged.

export function paymentsEnabled(cfg: Config = config()): boolean {
  return cfg.payments.enabled;
}

export function assertPaymentsEnabled(cfg: Config = config()): void {
  if (!cfg.payments.enabled) throw new AppError("PAYMENTS_NOT_CONFIGURED", "Payments are not configured on this server");
}

export function stripe(): Stripe {
  assertPaymentsEnabled();
  return processSingleton("stripe.client", () => {
    const cfg = config();
    const api = cfg.STRIPE_API_URL ? new URL(cfg.STRIPE_API_URL) : undefined;
    return new Stripe(cfg.STRIPE_SECRET_KEY ?? "", api ? { host: api.hostname, port: api.port || 80, protocol: api.protocol === "https:" ? "https" : "http" } : {});
  });
}
