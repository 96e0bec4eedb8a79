"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { formatDateTime, formatSpan } from "@/lib/client/format";
import { fetchLogPage, moderationKeys } from "@/lib/query/moderation";
import type { LogEntryView } from "@/lib/moderation/schemas";
import { errorMessage } from "@/components/chat/use-mod-actions";
import { Button } from "@/components/ui/button";
import { Empty, LoadError, Loading, Section } from "@/components/moderation/section";

const ACTION_LABELS: Record<LogEntryView["action"], string> = {
  ban: "Ban", unban: "Unban", timeout: "Timeout", untimeout: "Timeout lifted", add_moderator: "Moderator added",
  remove_moderator: "Moderator removed", delete_message: "Message deleted", clear_chat: "Chat cleared", update_settings: "Settings changed",
};

const TONES: Partial<Record<LogEntryView["action"], string>> = { ban: "text-red-300", timeout: "text-amber-200", clear_chat: "text-amber-200" };

const SETTING_LABELS: Record<string, string> = {
  slowMode: "slow mode", followersOnly: "followers-only", followersMinAgeMinutes: "follow age", subscribersOnly: "subscribers-only",
  emoteOnly: "emote-only", blockLinks: "block links", autoModeration: "auto-moderation", bannedWords: "banned words",
};

function settingText(key: string, v: unknown): string {
  const label = SETTING_LABELS[key] ?? key;
  if (typeof v === "boolean") return `${label} ${v ? "on" : "off"}`;
  if (key === "slowMode" && typeof v === "number") return `${label} ${v ? formatSpan(v) : "off"}`;
  if (key === "followersMinAgeMinutes" && typeof v === "number") return `${label} ${formatSpan(v * 60)}`;
  if (key === "bannedWords" && typeof v === "number") return `${v} ${label}`;
  return label;
}

/** A short reading of an entry's details (a timeout's length, the settings changed). */
function detailText(e: LogEntryView): string {
  const d = e.details;
  if (e.action === "update_settings") return Object.entries(d).map(([k, v]) => settingText(k, v)).join(", ");
  if (typeof d.durationSeconds === "number") return formatSpan(d.durationSeconds);
  if (typeof d.durationMinutes === "number") return formatSpan(d.durationMinutes * 60);
  if (typeof d.level === "string") return d.level;
  if (d.permanent === true) return "permanent";
  return "";
}

/** Every moderation action on the channel, newest first, paged back with "Load older". */
export function LogSection({ streamId }: { streamId: string }) {
  const log = useInfiniteQuery({
    queryKey: moderationKeys.log(streamId),
    queryFn: ({ pageParam }) => fetchLogPage(streamId, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextBefore ?? undefined,
  });
  const entries = log.data?.pages.flatMap((p) => p.entries) ?? [];
  return (
    <Section
      id="mod-log"
      title="Moderation log"
      note="Every action, with who did it, to whom, and why."
      action={
        <Button variant="ghost" className="!px-2 !py-1" onClick={() => void log.refetch()} disabled={log.isFetching}>
          Refresh
        </Button>
      }
    >
      {log.isLoading ? (
        <Loading rows={3} />
      ) : log.error ? (
        <LoadError message={errorMessage(log.error, "Could not load the log")} retry={() => void log.refetch()} />
      ) : !entries.length ? (
        <Empty>No moderation actions yet.</Empty>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full min-w-[36rem] text-left text-sm" data-testid="mod-log">
            <thead className="text-xs uppercase tracking-wide text-muted">
              <tr>
                <th scope="col" className="py-2 pr-3 font-medium">Time</th>
                <th scope="col" className="py-2 pr-3 font-medium">Action</th>
                <th scope="col" className="py-2 pr-3 font-medium">By</th>
                <th scope="col" className="py-2 pr-3 font-medium">Target</th>
                <th scope="col" className="py-2 font-medium">Reason / details</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-border">
              {entries.map((e) => (
                <tr key={e.id} data-testid="mod-log-entry">
                  <td className="whitespace-nowrap py-2 pr-3 text-muted">{formatDateTime(e.createdAt)}</td>
                  <td className={`whitespace-nowrap py-2 pr-3 font-medium ${TONES[e.action] ?? ""}`}>{ACTION_LABELS[e.action] ?? e.action}</td>
                  <td className="py-2 pr-3">@{e.actor.username}</td>
                  <td className="py-2 pr-3">{e.target ? `@${e.target.username}` : "—"}</td>
                  <td className="py-2 text-muted">{[e.reason, detailText(e)].filter(Boolean).join(" · ") || "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {log.hasNextPage ? (
        <Button variant="secondary" className="self-center" disabled={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
          {log.isFetchingNextPage ? "Loading…" : "Load older"}
        </Button>
      ) : null}
    </Section>
  );
}
