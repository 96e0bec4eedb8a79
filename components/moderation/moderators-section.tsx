"use client";

import { useState, type FormEvent } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { LiveStreamError } from "@/lib/client/api";
import { endpoints } from "@/lib/client/endpoints";
import { formatRelative } from "@/lib/client/format";
import { fetchModerators, moderationKeys } from "@/lib/query/moderation";
import type { ModeratorLevel } from "@/lib/moderation/schemas";
import { errorMessage } from "@/components/chat/use-mod-actions";
import { selectClass } from "@/components/chat/chat-modes";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";
import { Empty, LoadError, Loading, Section, type ModPerms } from "@/components/moderation/section";

/** The channel's moderators: listed with their level; the owner and lead moderators add and remove them. */
export function ModeratorsSection({ streamId, perms }: { streamId: string; perms: ModPerms }) {
  const qc = useQueryClient();
  const toast = useToast();
  const list = useQuery({ queryKey: moderationKeys.moderators(streamId), queryFn: () => fetchModerators(streamId) });
  const [username, setUsername] = useState("");
  const [level, setLevel] = useState<ModeratorLevel>("moderator");
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: moderationKeys.moderators(streamId) });
    void qc.invalidateQueries({ queryKey: moderationKeys.log(streamId) });
  };
  const add = useMutation({
    mutationFn: () => endpoints.moderation.addModerator(streamId, { username: username.trim().replace(/^@/, ""), level }),
    onSuccess: () => {
      toast.show(`${username.trim()} is now a ${level === "lead" ? "lead moderator" : "moderator"}`, "success");
      setUsername("");
      refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (userId: string) => endpoints.moderation.removeModerator(streamId, userId),
    onSuccess: () => refresh(),
    onError: (err) => toast.show(errorMessage(err, "Could not remove the moderator"), "error"),
  });
  const addError = add.error ? (add.error instanceof LiveStreamError ? (add.error.fieldErrors().username ?? add.error.message) : "Could not add the moderator") : null;

  function submit(e: FormEvent) {
    e.preventDefault();
    if (username.trim()) add.mutate();
  }

  return (
    <Section id="mod-moderators" title="Moderators" note="Lead moderators can appoint and remove moderators; moderators cannot.">
      {perms.moderators ? (
        <form onSubmit={submit} className="flex flex-wrap gap-2" aria-label="Add a moderator">
          <div className="flex min-w-0 flex-1 basis-48 flex-col gap-1">
            <label htmlFor="mod-username" className="sr-only">
              Username
            </label>
            <input
              id="mod-username"
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              placeholder="Username"
              autoComplete="off"
              aria-invalid={addError ? true : undefined}
              aria-describedby={addError ? "mod-username-error" : undefined}
              className="w-full rounded-lg border border-border bg-bg px-3 py-2 text-sm focus:border-accent focus:outline-none"
            />
          </div>
          <label htmlFor="mod-level" className="sr-only">
            Level
          </label>
          <select id="mod-level" className={selectClass} value={level} onChange={(e) => setLevel(e.target.value as ModeratorLevel)}>
            <option value="moderator">Moderator</option>
            {perms.leads ? <option value="lead">Lead moderator</option> : null}
          </select>
          <Button type="submit" disabled={!username.trim() || add.isPending}>
            Add
          </Button>
          {addError ? (
            <p id="mod-username-error" role="alert" className="w-full text-xs text-danger">
              {addError}
            </p>
          ) : null}
        </form>
      ) : null}
      {list.isLoading ? (
        <Loading />
      ) : list.error ? (
        <LoadError message={errorMessage(list.error, "Could not load the moderators")} retry={() => void list.refetch()} />
      ) : !list.data?.moderators.length ? (
        <Empty>No moderators yet.</Empty>
      ) : (
        <ul className="flex flex-col divide-y divide-border" data-testid="moderator-list">
          {list.data.moderators.map((m) => (
            <li key={m.user.id} className="flex flex-wrap items-center gap-3 py-2" data-testid="moderator-row">
              <span className="min-w-0 flex-1 basis-40 truncate">
                <span className="font-medium">{m.user.displayName}</span> <span className="text-sm text-muted">@{m.user.username}</span>
              </span>
              <span className={`rounded px-1.5 py-0.5 text-xs ${m.level === "lead" ? "bg-accent/20 text-violet-200" : "bg-surface-2 text-muted"}`}>{m.level === "lead" ? "Lead" : "Moderator"}</span>
              <span className="text-xs text-muted">added {formatRelative(m.addedAt)}</span>
              {(m.level === "lead" ? perms.leads : perms.moderators) ? (
                <Button variant="ghost" className="!px-2 !py-1" disabled={remove.isPending} aria-label={`Remove ${m.user.username} as moderator`} onClick={() => remove.mutate(m.user.id)}>
                  Remove
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
