"use client";

import { useQuery } from "@tanstack/react-query";
import { LiveStreamError } from "@/lib/client/api";
import { fetchPaymentsConfig, paymentKeys } from "@/lib/query/payments";
import type { PaymentsConfig } from "@/lib/payments/schemas";

/** What every money control says when the server has no Stripe keys. */
export const NOT_CONFIGURED = "Payments are not configured on this server";

/**
 * The server's payments settings. A server without Stripe keys (or one that cannot answer) reads as
 * "payments off": money controls show disabled with {@link NOT_CONFIGURED}, and nothing errors.
 */
export function usePaymentsConfig(): { config: PaymentsConfig | null; enabled: boolean; loading: boolean } {
  const q = useQuery({ queryKey: paymentKeys.config, queryFn: fetchPaymentsConfig, staleTime: 5 * 60_000, retry: false });
  const config = q.data ?? null;
  return { config, enabled: Boolean(config?.enabled), loading: q.isLoading };
}

/** The code of a refused call, as a plain string (the payments codes may be newer than this build's table). */
export const codeOf = (err: unknown): string => (err instanceof LiveStreamError ? err.code : "UNKNOWN");

/** A refusal in words a buyer can act on. */
export function paymentError(err: unknown, fallback = "Something went wrong. Try again."): string {
  const code = codeOf(err);
  if (code === "PAYMENTS_NOT_CONFIGURED") return NOT_CONFIGURED;
  if (code === "PAYOUTS_NOT_READY") return "This creator cannot receive payments yet.";
  if (code === "UNAUTHENTICATED") return "Log in first.";
  return err instanceof LiveStreamError ? err.message : fallback;
}

/** Stripe Checkout is a full page: the browser leaves for it and comes back with `?checkout=success|cancel`. */
export function goToCheckout(url: string): void {
  window.location.assign(url);
}
