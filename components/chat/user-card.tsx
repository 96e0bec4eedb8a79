"use client";

import { useState, type FormEvent } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { endpoints } from "@/lib/client/endpoints";
import { moderationKeys } from "@/lib/query/moderation";
import { formatRelative, formatSpan } from "@/lib/client/format";
import type { UserCard as Card } from "@/lib/moderation/schemas";
import { Dialog } from "@/components/ui/dialog";
import { Button } from "@/components/ui/button";
import { useCountdown } from "@/components/chat/use-countdown";
import { TIMEOUTS, errorMessage, type ModActions } from "@/components/chat/use-mod-actions";

const ROLE_LABELS: Record<string, string> = {
  owner: "Host", cohost: "Co-host", lead_moderator: "Lead moderator", moderator: "Moderator", guest: "Guest", banned: "Banned",
  subscriber: "Subscriber", ticket_holder: "Ticket holder", follower: "Follower", viewer: "Viewer", anonymous: "Viewer",
};

const since = (iso: string) => new Date(iso).toLocaleDateString("en", { year: "numeric", month: "short", day: "numeric" });

function Standing({ card }: { card: Card }) {
  const left = useCountdown(card.timeout?.until ?? null);
  if (card.ban)
    return (
      <p className="rounded-lg bg-red-950/60 px-3 py-2 text-sm text-red-100" data-testid="card-ban">
        Banned{card.ban.expiresAt ? ` until ${new Date(card.ban.expiresAt).toLocaleString()}` : " permanently"}
        {card.ban.reason ? ` — “${card.ban.reason}”` : ""}
      </p>
    );
  if (card.timeout && left > 0)
    return (
      <p className="rounded-lg bg-amber-950/60 px-3 py-2 text-sm text-amber-100" data-testid="card-timeout">
        Timed out — {formatSpan(left)} left{card.timeout.reason ? ` — “${card.timeout.reason}”` : ""}
      </p>
    );
  return null;
}

/** Actions on the user, each offered only when this viewer's permissions and the target's rank allow it. */
function CardActions({ card, mods, actorRole, refresh }: { card: Card; mods: ModActions; actorRole: string; refresh: () => void }) {
  const [reason, setReason] = useState("");
  const id = card.user.id;
  const act = (call: Parameters<ModActions["run"]>[0], done: string) => void mods.run(call, done).then((ok) => ok && refresh());
  const targetIsStaff = card.role === "owner" || card.moderatorLevel !== null;
  // A lower or equal rank never acts on a higher one: moderators only on viewers, leads on moderators too.
  const outranks = card.role !== "owner" && (actorRole === "owner" || (actorRole === "lead_moderator" && card.moderatorLevel !== "lead") || !targetIsStaff);
  const canBan = mods.can.ban && outranks;
  function ban(e: FormEvent) {
    e.preventDefault();
    act((m) => m.banUser(id, { reason: reason.trim() || undefined }), `${card.user.displayName} was banned`);
    setReason("");
  }
  return (
    <div className="flex flex-col gap-3">
      {canBan && !card.ban ? (
        <fieldset className="flex flex-col gap-1.5">
          <legend className="mb-1 text-xs font-medium uppercase tracking-wide text-muted">Time out</legend>
          <div className="grid grid-cols-4 gap-1.5">
            {TIMEOUTS.map((t) => (
              <Button key={t.seconds} variant="secondary" className="!px-2 !py-1.5" aria-label={`Time out for ${t.label}`} onClick={() => act((m) => m.timeoutUser(id, { durationSeconds: t.seconds }), `${card.user.displayName} timed out for ${t.label}`)}>
                {t.short}
              </Button>
            ))}
          </div>
        </fieldset>
      ) : null}
      {canBan && card.timeout ? (
        <Button variant="secondary" onClick={() => act((m) => m.untimeoutUser(id), "Timeout lifted")}>
          Lift timeout
        </Button>
      ) : null}
      {canBan && !card.ban ? (
        <form onSubmit={ban} className="flex gap-2">
          <label htmlFor={`ban-reason-${id}`} className="sr-only">
            Ban reason
          </label>
          <input id={`ban-reason-${id}`} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} placeholder="Reason (optional)" className="min-w-0 flex-1 rounded-lg border border-border bg-bg px-3 py-2 text-sm focus:border-accent focus:outline-none" />
          <Button type="submit" variant="danger">
            Ban
          </Button>
        </form>
      ) : null}
      {mods.can.ban && card.ban ? (
        <Button variant="secondary" onClick={() => act((m) => m.unbanUser(id), "Ban lifted")}>
          Unban
        </Button>
      ) : null}
      <div className="flex flex-wrap gap-2">
        {mods.can.moderators && !card.moderatorLevel && card.role !== "owner" && !card.ban ? (
          <Button variant="secondary" onClick={() => act((m) => m.addModerator(id, "moderator"), `${card.user.displayName} is now a moderator`)}>
            Make moderator
          </Button>
        ) : null}
        {mods.can.leads && card.moderatorLevel !== "lead" && card.role !== "owner" && !card.ban ? (
          <Button variant="secondary" onClick={() => act((m) => m.addModerator(id, "lead"), `${card.user.displayName} is now a lead moderator`)}>
            Make lead
          </Button>
        ) : null}
        {card.moderatorLevel && (card.moderatorLevel === "lead" ? mods.can.leads : mods.can.moderators) ? (
          <Button variant="ghost" onClick={() => act((m) => m.removeModerator(id), `${card.user.displayName} is no longer a moderator`)}>
            Remove moderator
          </Button>
        ) : null}
      </div>
    </div>
  );
}

/** The user card a moderator opens from a name in the chat: who they are in the channel, and what to do. */
export function UserCardDialog({ streamId, userId, mods, actorRole, isMe, onClose }: { streamId: string; userId: string | null; mods: ModActions; actorRole: string; isMe: boolean; onClose: () => void }) {
  const qc = useQueryClient();
  const key = moderationKeys.user(streamId, userId ?? "");
  const card = useQuery({ queryKey: key, queryFn: () => endpoints.moderation.userCard(streamId, userId ?? ""), enabled: Boolean(userId), retry: false });
  const c = card.data;
  return (
    <Dialog open={Boolean(userId)} onClose={onClose} labelledBy="user-card-title">
      <div className="flex flex-col gap-4 p-5" data-testid="user-card">
        <div className="flex items-start justify-between gap-3">
          <div className="min-w-0">
            <h2 id="user-card-title" className="truncate text-lg font-semibold">
              {c ? c.user.displayName : "User"}
            </h2>
            {c ? (
              <a href={`/${c.user.username}`} className="text-sm text-muted hover:text-fg">
                @{c.user.username}
              </a>
            ) : null}
          </div>
          <button type="button" onClick={onClose} aria-label="Close user card" className="rounded-lg px-2 py-1 text-muted hover:bg-surface-2 hover:text-fg">
            ✕
          </button>
        </div>
        {card.isLoading ? (
          <div className="flex flex-col gap-2" aria-busy="true">
            <div className="h-4 w-2/3 animate-pulse rounded bg-surface-2" />
            <div className="h-4 w-1/2 animate-pulse rounded bg-surface-2" />
          </div>
        ) : card.error ? (
          <p role="alert" className="text-sm text-danger">
            {errorMessage(card.error, "Could not load this user")}
          </p>
        ) : c ? (
          <>
            <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
              <dt className="text-muted">Role</dt>
              <dd>
                <span className="rounded bg-surface-2 px-1.5 py-0.5 text-xs font-medium" data-testid="card-role">
                  {c.moderatorLevel === "lead" ? "Lead moderator" : (ROLE_LABELS[c.role] ?? c.role)}
                </span>
              </dd>
              <dt className="text-muted">Following</dt>
              <dd>{c.followedAt ? `since ${since(c.followedAt)}` : "Not following"}</dd>
              <dt className="text-muted">Account</dt>
              <dd>created {formatRelative(c.user.createdAt)}</dd>
            </dl>
            <Standing card={c} />
            {isMe ? null : <CardActions card={c} mods={mods} actorRole={actorRole} refresh={() => void qc.invalidateQueries({ queryKey: key })} />}
          </>
        ) : null}
      </div>
    </Dialog>
  );
}
