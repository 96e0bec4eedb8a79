"use client";

import { useState } from "react";
import { useSession } from "next-auth/react";
import { endpoints } from "@/lib/client/endpoints";
import { formatMoney } from "@/lib/client/money";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";
import { SubscribeButton } from "@/components/payments/subscribe-button";
import { NOT_CONFIGURED, codeOf, goToCheckout, paymentError, usePaymentsConfig } from "@/components/payments/use-payments";

type Props = { streamId: string; hostId: string; hostName?: string; refusal: { code: string; details?: unknown } };

/** What lifts the player's refusal: a ticket for a paid stream, a subscription for a subscribers-only one. */
export function AccessOffer({ streamId, hostId, hostName, refusal }: Props) {
  const { data: session } = useSession();
  if (!session)
    return (
      <a href={`/login?callbackUrl=${encodeURIComponent(`/watch/${streamId}`)}`} className="mt-4 inline-block rounded-lg bg-accent px-4 py-2 text-sm font-semibold text-white hover:opacity-90">
        Log in
      </a>
    );
  if (refusal.code === "TICKET_REQUIRED") return <TicketOffer streamId={streamId} details={refusal.details} />;
  return (
    <div className="mt-4 flex justify-center">
      <SubscribeButton creatorId={hostId} creatorName={hostName ?? "this creator"} />
    </div>
  );
}

function TicketOffer({ streamId, details }: { streamId: string; details?: unknown }) {
  const toast = useToast();
  const { enabled, loading } = usePaymentsConfig();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const d = (details ?? {}) as { ticketPrice?: unknown; currency?: unknown };
  const price = typeof d.ticketPrice === "number" && typeof d.currency === "string" ? formatMoney(d.ticketPrice, d.currency) : null;

  async function buy() {
    setPending(true);
    setError(null);
    try {
      goToCheckout((await endpoints.payments.buyTicket(streamId)).checkoutUrl);
    } catch (err) {
      setPending(false);
      // A ticket bought in another tab: the player only needs to ask again.
      if (codeOf(err) === "CONFLICT") return window.location.reload();
      const text = paymentError(err, "Could not start the payment");
      setError(text);
      toast.show(text, "error");
    }
  }

  return (
    <div className="mt-4 flex flex-col items-center gap-2" data-testid="ticket-offer">
      <Button onClick={() => void buy()} disabled={!enabled || pending} aria-describedby={enabled ? undefined : "ticket-off"} data-testid="buy-ticket">
        {pending ? "Opening checkout…" : `Buy ticket${price ? ` · ${price}` : ""}`}
      </Button>
      {!enabled && !loading ? (
        <p id="ticket-off" className="text-xs text-muted">
          {NOT_CONFIGURED}
        </p>
      ) : null}
      {error ? (
        <p role="alert" className="text-xs text-danger">
          {error}
        </p>
      ) : null}
    </div>
  );
}
