"use client";

import Link from "next/link";
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { StreamView } from "@/lib/streams/schemas";
import type { Action } from "@/lib/streams/status";
import { LiveStreamError } from "@/lib/client/api";
import { endpoints } from "@/lib/client/endpoints";
import { fetchMine, streamKeys } from "@/lib/query/streams";
import { formatDateTime, formatViewerCount } from "@/lib/client/format";
import { StreamForm, type StreamFormValues } from "@/components/studio/stream-form";
import { StreamKeyPanel } from "@/components/studio/stream-key-panel";
import { useHostSignals, type EncoderSignal } from "@/components/studio/use-host-signals";
import { StatusBadge } from "@/components/streams/stream-card";
import { Button, buttonClass } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";
import { VerifyEmailNotice } from "@/components/accounts/verify-email-notice";
import { isOnAir } from "@/lib/streams/status";

function errorsOf(err: unknown): Record<string, string> {
  return err instanceof LiveStreamError ? err.fieldErrors() : {};
}

function StreamRow({ stream, signal }: { stream: StreamView; signal?: EncoderSignal }) {
  const qc = useQueryClient();
  const toast = useToast();
  const [editing, setEditing] = useState(false);
  // Open while the stream waits for its encoder; then as the host leaves it.
  const [obsOpen, setObsOpen] = useState(stream.status === "scheduled");
  const invalidate = () => qc.invalidateQueries({ queryKey: streamKeys.all });
  const act = useMutation({
    mutationFn: (a: Action) => endpoints.streams.act(stream.id, a),
    onSuccess: (_d, a) => {
      toast.show({ start: "You are live!", pause: "Stream paused", resume: "Back live", end: "Stream ended" }[a], "success");
      void invalidate();
    },
    onError: (err) => toast.show(err instanceof LiveStreamError ? err.message : "Action failed", "error"),
  });
  const edit = useMutation({
    mutationFn: (v: StreamFormValues) => endpoints.streams.update(stream.id, { ...v, ticketPrice: v.streamType === "paid" ? v.ticketPrice : null, scheduledFor: stream.status === "scheduled" ? (v.scheduledFor ?? null) : undefined }),
    onSuccess: () => {
      toast.show("Saved", "success");
      setEditing(false);
      void invalidate();
    },
    onError: (err) => toast.show(err instanceof LiveStreamError ? err.message : "Could not save", "error"),
  });
  const remove = useMutation({
    mutationFn: () => endpoints.streams.remove(stream.id),
    onSuccess: () => {
      toast.show("Stream deleted", "success");
      void invalidate();
    },
    onError: (err) => toast.show(err instanceof LiveStreamError ? err.message : "Could not delete", "error"),
  });
  const onAir = isOnAir(stream.status);
  return (
    <li className="flex flex-col gap-3 rounded-xl border border-border bg-surface p-4" data-testid="my-stream" data-status={stream.status}>
      <div className="flex flex-wrap items-center gap-3">
        <StatusBadge stream={stream} />
        <Link href={`/watch/${stream.id}`} className="min-w-0 flex-1 truncate font-semibold hover:text-accent">
          {stream.title}
        </Link>
        <span className="text-xs text-muted">
          {stream.status === "scheduled" && stream.scheduledFor ? formatDateTime(stream.scheduledFor) : onAir ? `${formatViewerCount(stream.analytics.currentViewers)} watching` : null}
        </span>
        <span className="rounded bg-surface-2 px-1.5 py-0.5 text-xs text-muted">{stream.streamType.replace("_", " ")}</span>
      </div>
      <div className="flex flex-wrap gap-2">
        {stream.status !== "ended" ? (
          <Link href={`/studio/${stream.id}`} className={buttonClass("primary")}>
            Open studio
          </Link>
        ) : null}
        {stream.status !== "scheduled" ? (
          <Link href={`/dashboard/analytics/${stream.id}`} className={buttonClass(stream.status === "ended" ? "secondary" : "ghost")} data-testid="stream-analytics-link">
            Analytics
          </Link>
        ) : null}
        {stream.status === "scheduled" ? (
          <Button variant="secondary" onClick={() => act.mutate("start")} disabled={act.isPending} title="Go live now; a stream also goes live by itself when your encoder's video arrives">
            Go live
          </Button>
        ) : null}
        {stream.status === "live" ? (
          <Button variant="secondary" onClick={() => act.mutate("pause")} disabled={act.isPending}>
            Pause
          </Button>
        ) : null}
        {stream.status === "paused" ? (
          <Button onClick={() => act.mutate("resume")} disabled={act.isPending}>
            Resume
          </Button>
        ) : null}
        {onAir ? (
          <Button variant="danger" onClick={() => window.confirm("End the stream for everyone?") && act.mutate("end")} disabled={act.isPending}>
            End stream
          </Button>
        ) : null}
        {stream.status !== "ended" ? (
          <Button variant="ghost" onClick={() => setEditing((e) => !e)} aria-expanded={editing}>
            Edit
          </Button>
        ) : null}
        {!onAir ? (
          <Button variant="ghost" onClick={() => window.confirm(`Delete “${stream.title}”?`) && remove.mutate()} disabled={remove.isPending}>
            Delete
          </Button>
        ) : null}
      </div>
      {stream.status !== "ended" ? (
        <details className="rounded-lg border border-border p-3" open={obsOpen} onToggle={(e) => setObsOpen(e.currentTarget.open)}>
          <summary className="cursor-pointer text-sm font-medium">Stream from OBS</summary>
          <div className="mt-3">
            <StreamKeyPanel stream={stream} signal={signal} />
          </div>
        </details>
      ) : null}
      {editing ? <StreamForm idPrefix={`edit-${stream.id}`} initial={stream} submitLabel="Save changes" pending={edit.isPending} errors={errorsOf(edit.error)} onSubmit={(v) => edit.mutate(v)} onCancel={() => setEditing(false)} /> : null}
    </li>
  );
}

export function Dashboard({ username }: { username: string }) {
  const qc = useQueryClient();
  const toast = useToast();
  const [formKey, setFormKey] = useState(0);
  const mine = useQuery({ queryKey: streamKeys.mine, queryFn: fetchMine });
  const signals = useHostSignals();
  const create = useMutation({
    mutationFn: (v: StreamFormValues) => endpoints.streams.create(v),
    onSuccess: async (_d, v) => {
      toast.show(v.scheduledFor ? "Stream scheduled" : "Stream created", "success");
      setFormKey((k) => k + 1);
      // A first load of the list still in flight would answer the invalidation with the list from before.
      await qc.cancelQueries({ queryKey: streamKeys.mine });
      void qc.invalidateQueries({ queryKey: streamKeys.all });
    },
    onError: (err) => toast.show(err instanceof LiveStreamError ? (err.code === "VALIDATION_ERROR" ? "Check the highlighted fields" : err.message) : "Could not create the stream", "error"),
  });
  const streams = mine.data?.streams ?? [];
  const rank = { live: 0, paused: 1, scheduled: 2, ended: 3 } as const;
  const active = streams.filter((s) => s.status !== "ended").sort((a, b) => rank[a.status] - rank[b.status]);
  const ended = streams.filter((s) => s.status === "ended");
  return (
    <div className="grid gap-8 lg:grid-cols-[400px_1fr]">
      <section aria-labelledby="new-stream" className="h-fit rounded-2xl border border-border bg-surface p-5">
        <h1 className="mb-1 text-2xl font-bold">Creator dashboard</h1>
        <p className="mb-4 text-sm text-muted">
          Your channel: <Link href={`/${username}`} className="text-accent hover:underline">/{username}</Link> ·{" "}
          <Link href="/dashboard/moderation" className="text-accent hover:underline">
            Moderation
          </Link>{" "}
          ·{" "}
          <Link href="/dashboard/earnings" className="text-accent hover:underline">
            Earnings
          </Link>{" "}
          ·{" "}
          <Link href="/dashboard/analytics" className="text-accent hover:underline">
            Analytics
          </Link>
        </p>
        <VerifyEmailNotice />
        <h2 id="new-stream" className="mb-3 text-lg font-semibold">
          New stream
        </h2>
        <StreamForm key={formKey} idPrefix="new" submitLabel="Create stream" pending={create.isPending} errors={errorsOf(create.error)} onSubmit={(v) => create.mutate(v)} />
      </section>
      <section aria-labelledby="my-streams" className="flex flex-col gap-4">
        <h2 id="my-streams" className="text-xl font-semibold">
          Your streams
        </h2>
        {mine.isLoading ? (
          <div className="flex flex-col gap-3" aria-busy="true">
            {[0, 1, 2].map((i) => (
              <div key={i} className="h-28 animate-pulse rounded-xl bg-surface-2" />
            ))}
          </div>
        ) : mine.error ? (
          <div role="alert" className="rounded-xl border border-danger/40 p-4 text-sm">
            Could not load your streams. <button onClick={() => void mine.refetch()} className="underline">Retry</button>
          </div>
        ) : active.length === 0 ? (
          <div className="rounded-xl border border-dashed border-border p-8 text-center text-muted">No streams yet. Create one to get your stream key and go live.</div>
        ) : (
          <ul className="flex flex-col gap-3">
            {active.map((s) => (
              <StreamRow key={s.id} stream={s} signal={signals[s.id]} />
            ))}
          </ul>
        )}
        {ended.length ? (
          <details className="rounded-xl border border-border bg-surface p-4">
            <summary className="cursor-pointer font-semibold">Past streams ({ended.length})</summary>
            <ul className="mt-3 flex flex-col gap-3">
              {ended.map((s) => (
                <StreamRow key={s.id} stream={s} />
              ))}
            </ul>
          </details>
        ) : null}
      </section>
    </div>
  );
}
