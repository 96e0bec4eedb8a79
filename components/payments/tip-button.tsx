"use client";

import { useId, useState } from "react";
import { useSession } from "next-auth/react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { TipDialog } from "@/components/payments/tip-dialog";
import { NOT_CONFIGURED, usePaymentsConfig } from "@/components/payments/use-payments";

type Props = { streamId: string; hostName: string; currency?: string; donationsEnabled: boolean; isOwner: boolean };

/** "Tip" beside the stream's title: the tip dialog, or why there is none (payments off on this server). */
export function TipButton({ streamId, hostName, currency, donationsEnabled, isOwner }: Props) {
  const { data: session, status } = useSession();
  const router = useRouter();
  const { config, enabled, loading } = usePaymentsConfig();
  const [open, setOpen] = useState(false);
  const hint = useId();
  if (!donationsEnabled || isOwner || status === "loading") return null;
  if (!enabled || !config)
    return (
      <span title={loading ? undefined : NOT_CONFIGURED} className="inline-flex">
        <Button variant="secondary" disabled aria-describedby={hint} data-testid="tip-button">
          💸 Tip
        </Button>
        <span id={hint} className="sr-only">
          {loading ? "Loading" : NOT_CONFIGURED}
        </span>
      </span>
    );
  return (
    <>
      <Button
        variant="secondary"
        data-testid="tip-button"
        aria-haspopup="dialog"
        onClick={() => (session ? setOpen(true) : router.push(`/login?callbackUrl=${encodeURIComponent(window.location.pathname)}`))}
        title={session ? `Tip ${hostName}` : "Log in to tip"}
      >
        💸 Tip
      </Button>
      <TipDialog open={open} onClose={() => setOpen(false)} streamId={streamId} hostName={hostName} config={config} defaultCurrency={currency} />
    </>
  );
}
