"use client";

import { useState, type FormEvent } from "react";
import { LiveStreamError } from "@/lib/client/api";
import { endpoints } from "@/lib/client/endpoints";
import type { GuestKind, GuestPermissions, GuestView, MuteSource } from "@/lib/guests/schemas";
import { Button } from "@/components/ui/button";
import { Switch } from "@/components/ui/switch";
import { useToast } from "@/components/ui/toast";
import type { StageState } from "@/components/guests/use-stage";

const inputClass = "w-full rounded-lg border border-border bg-bg px-3 py-2 text-sm";
const PERMS: { key: keyof GuestPermissions; label: string }[] = [
  { key: "camera", label: "Camera" },
  { key: "microphone", label: "Microphone" },
  { key: "screenShare", label: "Screen share" },
  { key: "moderateChat", label: "Moderate chat" },
];

/** Runs a call and says what went wrong in a toast. */
function useAct() {
  const toast = useToast();
  return async (what: Promise<unknown>, ok?: string) => {
    try {
      await what;
      if (ok) toast.show(ok, "success");
    } catch (err) {
      toast.show(err instanceof LiveStreamError ? err.message : "Something went wrong", "error");
    }
  };
}

function GuestRow({ streamId, g }: { streamId: string; g: GuestView }) {
  const act = useAct();
  const name = g.user.displayName || g.user.username;
  const mute = (source: MuteSource) => void act(endpoints.guests.mute(streamId, g.user.id, source), `Muted ${name}'s ${source.replace("_", " ")}`);
  return (
    <li className="flex flex-col gap-1 rounded-lg border border-border p-2" data-testid="stage-guest" data-user={g.user.username} data-status={g.status}>
      <div className="flex items-center gap-2">
        <span className="min-w-0 flex-1 truncate text-sm font-medium">
          {name} <span className="text-xs text-muted">@{g.user.username}</span>
        </span>
        <span className="rounded bg-surface-2 px-1.5 py-0.5 text-xs">{g.kind === "cohost" ? "Co-host" : "Guest"}</span>
        <span className={`rounded px-1.5 py-0.5 text-xs ${g.status === "active" ? "bg-live text-white" : "bg-surface-2 text-muted"}`}>{g.status === "active" ? "On stage" : "Invited"}</span>
      </div>
      {g.status === "active" ? (
        <div role="group" aria-label={`${name}'s permissions`}>
          {PERMS.filter((p) => p.key !== "moderateChat" || g.kind === "cohost").map((p) => (
            <Switch key={p.key} label={p.label} checked={g.permissions[p.key]} onChange={(v) => void act(endpoints.guests.permissions(streamId, g.user.id, { [p.key]: v }))} />
          ))}
        </div>
      ) : null}
      <div className="flex flex-wrap gap-1">
        {g.status === "active" ? (
          <>
            <Button variant="ghost" className="px-2 py-1 text-xs" onClick={() => mute("microphone")}>
              Mute mic
            </Button>
            <Button variant="ghost" className="px-2 py-1 text-xs" onClick={() => mute("camera")}>
              Mute camera
            </Button>
          </>
        ) : null}
        <Button variant="ghost" className="px-2 py-1 text-xs text-red-400" onClick={() => void act(endpoints.guests.remove(streamId, g.user.id))} data-testid="stage-remove">
          {g.status === "active" ? "Remove" : "Cancel invite"}
        </Button>
      </div>
    </li>
  );
}

/**
 * The studio's stage: invite by username (as guest or co-host), raised hands to accept or decline, and
 * everyone invited or on stage with their permission switches, mute and remove.
 */
export function StagePanel({ streamId, stage }: { streamId: string; stage: StageState }) {
  const act = useAct();
  const [username, setUsername] = useState("");
  const [kind, setKind] = useState<GuestKind>("guest");
  const hands = stage.guests.filter((g) => g.status === "requested");
  const others = stage.guests.filter((g) => g.status !== "requested");

  async function invite(e: FormEvent) {
    e.preventDefault();
    if (!username.trim()) return;
    await act(
      endpoints.guests.invite(streamId, { username: username.trim(), kind }).then(() => setUsername("")),
      `Invited @${username.trim().replace(/^@/, "")}`,
    );
  }

  return (
    <section aria-labelledby="stage-title" className="flex flex-col gap-3 rounded-xl border border-border bg-surface p-4" data-testid="stage-panel">
      <h2 id="stage-title" className="font-semibold">
        Guests
      </h2>
      <form onSubmit={(e) => void invite(e)} className="flex flex-col gap-2">
        <label className="text-sm">
          Invite by username
          <input className={inputClass} value={username} onChange={(e) => setUsername(e.target.value)} placeholder="@username" data-testid="invite-username" />
        </label>
        <div className="flex gap-2">
          <label className="sr-only" htmlFor="invite-kind">
            Invite as
          </label>
          <select id="invite-kind" className={inputClass} value={kind} onChange={(e) => setKind(e.target.value as GuestKind)}>
            <option value="guest">Guest</option>
            <option value="cohost">Co-host</option>
          </select>
          <Button type="submit" data-testid="invite-submit">
            Invite
          </Button>
        </div>
      </form>
      {hands.length ? (
        <div>
          <h3 className="mb-1 text-sm font-semibold">Raised hands</h3>
          <ul className="flex flex-col gap-1">
            {hands.map((g) => (
              <li key={g.user.id} className="flex items-center gap-2 text-sm" data-testid="raised-hand" data-user={g.user.username}>
                <span className="min-w-0 flex-1 truncate">✋ {g.user.displayName}</span>
                <Button className="px-2 py-1 text-xs" onClick={() => void act(endpoints.guests.resolveHand(streamId, g.user.id, true))} data-testid="hand-accept">
                  Bring on
                </Button>
                <Button variant="ghost" className="px-2 py-1 text-xs" onClick={() => void act(endpoints.guests.resolveHand(streamId, g.user.id, false))}>
                  Decline
                </Button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {others.length ? (
        <ul className="flex flex-col gap-2">
          {others.map((g) => (
            <GuestRow key={g.user.id} streamId={streamId} g={g} />
          ))}
        </ul>
      ) : (
        <p className="text-sm text-muted">Nobody on stage yet. Invite someone, or wait for a raised hand.</p>
      )}
    </section>
  );
}
