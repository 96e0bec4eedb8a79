"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { endpoints } from "@/lib/client/endpoints";
import { formatDateTime, formatRelative } from "@/lib/client/format";
import { fetchBans, fetchTimeouts, moderationKeys } from "@/lib/query/moderation";
import { errorMessage } from "@/components/chat/use-mod-actions";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";
import { Empty, LoadError, Loading, Section } from "@/components/moderation/section";

function useLift(streamId: string, kind: "unban" | "untimeout") {
  const qc = useQueryClient();
  const toast = useToast();
  return useMutation({
    mutationFn: (userId: string): Promise<unknown> => endpoints.moderation[kind](streamId, userId),
    onSuccess: () => {
      toast.show(kind === "unban" ? "Ban lifted" : "Timeout lifted", "success");
      void qc.invalidateQueries({ queryKey: kind === "unban" ? moderationKeys.bans(streamId) : moderationKeys.timeouts(streamId) });
      void qc.invalidateQueries({ queryKey: moderationKeys.log(streamId) });
    },
    onError: (err) => toast.show(errorMessage(err), "error"),
  });
}

const row = "flex flex-wrap items-center gap-x-3 gap-y-1 py-2";

/** The channel's bans (they outlive any one stream) and running timeouts, each liftable by moderators. */
export function BansSection({ streamId, canLift }: { streamId: string; canLift: boolean }) {
  const bans = useQuery({ queryKey: moderationKeys.bans(streamId), queryFn: () => fetchBans(streamId) });
  const timeouts = useQuery({ queryKey: moderationKeys.timeouts(streamId), queryFn: () => fetchTimeouts(streamId), refetchInterval: 30_000 });
  const unban = useLift(streamId, "unban");
  const untimeout = useLift(streamId, "untimeout");
  return (
    <Section id="mod-bans" title="Bans and timeouts" note="Ban or time out people from a chat line's user card.">
      <h3 className="text-sm font-medium">Bans</h3>
      {bans.isLoading ? (
        <Loading />
      ) : bans.error ? (
        <LoadError message={errorMessage(bans.error, "Could not load the bans")} retry={() => void bans.refetch()} />
      ) : !bans.data?.bans.length ? (
        <Empty>Nobody is banned.</Empty>
      ) : (
        <ul className="flex flex-col divide-y divide-border" data-testid="ban-list">
          {bans.data.bans.map((b) => (
            <li key={b.user.id} className={row}>
              <span className="min-w-0 flex-1 basis-40">
                <span className="font-medium">{b.user.displayName}</span> <span className="text-sm text-muted">@{b.user.username}</span>
                {b.reason ? <span className="block truncate text-xs text-muted">“{b.reason}”</span> : null}
              </span>
              <span className="text-xs text-muted">{b.expiresAt ? `until ${formatDateTime(b.expiresAt)}` : "permanent"} · {formatRelative(b.createdAt)}</span>
              {canLift ? (
                <Button variant="secondary" className="!px-2 !py-1" disabled={unban.isPending} aria-label={`Unban ${b.user.username}`} onClick={() => unban.mutate(b.user.id)}>
                  Unban
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <h3 className="mt-2 text-sm font-medium">Timeouts</h3>
      {timeouts.isLoading ? (
        <Loading rows={1} />
      ) : timeouts.error ? (
        <LoadError message={errorMessage(timeouts.error, "Could not load the timeouts")} retry={() => void timeouts.refetch()} />
      ) : !timeouts.data?.timeouts.length ? (
        <Empty>Nobody is timed out.</Empty>
      ) : (
        <ul className="flex flex-col divide-y divide-border" data-testid="timeout-list">
          {timeouts.data.timeouts.map((t) => (
            <li key={t.user.id} className={row}>
              <span className="min-w-0 flex-1 basis-40">
                <span className="font-medium">{t.user.displayName}</span> <span className="text-sm text-muted">@{t.user.username}</span>
                {t.reason ? <span className="block truncate text-xs text-muted">“{t.reason}”</span> : null}
              </span>
              <span className="text-xs text-muted">ends {formatRelative(t.until)}</span>
              {canLift ? (
                <Button variant="secondary" className="!px-2 !py-1" disabled={untimeout.isPending} aria-label={`Lift timeout of ${t.user.username}`} onClick={() => untimeout.mutate(t.user.id)}>
                  Lift
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
