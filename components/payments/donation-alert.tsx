"use client";

import { useEffect } from "react";
import type { DonationEvent } from "@/lib/payments/schemas";
import { formatMoney } from "@/lib/client/money";

/** How long each tip holds the stage; the next one in the queue follows. */
export const ALERT_MS = 6000;

/**
 * The tip alert over the player: the oldest queued tip for {@link ALERT_MS}, then the next. It slides in
 * unless the viewer asked for reduced motion (then it simply appears). Screen readers hear it once.
 */
export function DonationAlert({ alerts, onDone }: { alerts: DonationEvent[]; onDone: (donationId: string) => void }) {
  const current = alerts[0];
  const currentId = current?.donationId;
  useEffect(() => {
    if (!currentId) return;
    const t = setTimeout(() => onDone(currentId), ALERT_MS);
    return () => clearTimeout(t);
  }, [currentId, onDone]);
  if (!current) return null;
  const waiting = alerts.length - 1;
  return (
    <div className="pointer-events-none absolute inset-x-0 top-3 z-10 flex justify-center px-3 sm:top-6">
      <div
        key={current.donationId}
        role="status"
        aria-live="polite"
        data-testid="donation-alert"
        className="donation-alert relative w-full max-w-md overflow-hidden rounded-2xl border border-amber-300/60 bg-gradient-to-br from-amber-500/95 via-orange-500/95 to-fuchsia-600/95 px-4 py-3 text-center text-white shadow-2xl shadow-amber-500/30 sm:px-6 sm:py-4"
      >
        <p className="text-xs font-semibold uppercase tracking-widest text-amber-100">New tip</p>
        <p className="mt-0.5 text-lg font-bold leading-tight sm:text-2xl">
          <span data-testid="donation-alert-donor">{current.donor.displayName}</span> tipped{" "}
          <span className="whitespace-nowrap text-amber-100" data-testid="donation-alert-amount">
            {formatMoney(current.amount, current.currency)}
          </span>
        </p>
        {current.message ? <p className="mt-1 line-clamp-3 break-words text-sm text-white/95 sm:text-base">{current.message}</p> : null}
        {waiting > 0 ? <p className="mt-1 text-[11px] text-amber-100/90">+{waiting} more</p> : null}
        <span aria-hidden className="donation-alert-timer absolute inset-x-0 bottom-0 h-1 origin-left bg-white/70" style={{ animationDuration: `${ALERT_MS}ms` }} />
      </div>
    </div>
  );
}
