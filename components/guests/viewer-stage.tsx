"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { LiveStreamError } from "@/lib/client/api";
import { endpoints } from "@/lib/client/endpoints";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";
import { mine, type StageState } from "@/components/guests/use-stage";

function useSecondsLeft(until: string | null): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!until) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [until]);
  return until ? Math.max(0, Math.ceil((Date.parse(until) - now) / 1000)) : null;
}

/**
 * The audience's way onto the stage: raise (or lower) a hand, answer an invite (accepting opens the guest
 * room, where the camera and microphone go out), or go back to the guest room while on stage.
 */
export function ViewerStage({ streamId, me, hostId, stage }: { streamId: string; me: string | undefined; hostId: string; stage: StageState }) {
  const toast = useToast();
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const row = mine(stage.guests, me);
  const left = useSecondsLeft(row?.status === "invited" ? row.expiresAt : null);

  useEffect(() => {
    if (stage.removedReason) toast.show(stage.removedReason, "info");
  }, [stage.removedReason, toast]);

  if (!me || me === hostId) return null;

  async function run(p: Promise<unknown>, then?: () => void) {
    setBusy(true);
    try {
      await p;
      then?.();
    } catch (err) {
      toast.show(err instanceof LiveStreamError ? err.message : "Something went wrong", "error");
    } finally {
      setBusy(false);
      stage.refresh();
    }
  }

  if (row?.status === "invited" && left !== 0) {
    return (
      <div role="alertdialog" aria-labelledby="invite-title" aria-describedby="invite-sub" className="flex flex-wrap items-center gap-3 rounded-xl border border-accent bg-accent/10 p-3" data-testid="invite-prompt">
        <div className="min-w-0 flex-1">
          <p id="invite-title" className="font-semibold">
            You are invited on stage as a {row.kind === "cohost" ? "co-host" : "guest"}
          </p>
          <p id="invite-sub" className="text-sm text-muted">
            Your camera and microphone go live when you accept{left !== null ? ` · expires in ${left}s` : ""}
          </p>
        </div>
        <Button autoFocus disabled={busy} onClick={() => void run(endpoints.guests.respond(streamId, true), () => router.push(`/stage/${streamId}`))} data-testid="invite-accept">
          Join the stage
        </Button>
        <Button variant="secondary" disabled={busy} onClick={() => void run(endpoints.guests.respond(streamId, false))}>
          Decline
        </Button>
      </div>
    );
  }
  if (row?.status === "active") {
    return (
      <Link href={`/stage/${streamId}`} className="self-start rounded-lg bg-live px-4 py-2 text-sm font-semibold text-white" data-testid="open-stage">
        You are on stage — open the guest room
      </Link>
    );
  }
  const raised = row?.status === "requested";
  return (
    <Button variant={raised ? "primary" : "secondary"} aria-pressed={raised} disabled={busy} className="self-start" onClick={() => void run(endpoints.guests.hand(streamId, !raised))} data-testid="raise-hand">
      {raised ? "✋ Hand raised — lower it" : "✋ Ask to join the stage"}
    </Button>
  );
}
