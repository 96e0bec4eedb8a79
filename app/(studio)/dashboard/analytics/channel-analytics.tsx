"use client";

import Link from "next/link";
import { useEffect, useMemo, useState } from "react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { ChannelAnalytics } from "@/lib/analytics/schemas";
import type { AnalyticsRange } from "@/lib/client/endpoints";
import { LiveStreamError } from "@/lib/client/api";
import { fillDays } from "@/lib/client/analytics";
import { formatDateTime, formatSpan } from "@/lib/client/format";
import { formatMoney } from "@/lib/client/money";
import { analyticsKeys, fetchChannelAnalytics } from "@/lib/query/analytics";
import { Chart, type ChartSeries } from "@/components/analytics/chart";
import { StatCard, StatGrid } from "@/components/analytics/stat-card";
import { Empty, LoadError, Loading, Section } from "@/components/moderation/section";
import { useToast } from "@/components/ui/toast";

const RANGES: AnalyticsRange[] = [7, 30, 90];
const num = (n: number) => n.toLocaleString("en");
/** Time on air: exact from the list when it holds every stream (the server's hours are rounded to 0.01 h). */
const onAirSeconds = (a: ChannelAnalytics) => (a.recent.length >= a.streams ? a.recent.reduce((n, s) => n + s.duration, 0) : a.hoursStreamed * 3600);
/** Hours watched: minutes while under an hour (a short stream's "0 h" says nothing). */
const watchHours = (h: number) => (h < 1 ? `${Math.round(h * 60)} min` : `${h.toLocaleString("en", { maximumFractionDigits: 1 })} h`);

/** 7 / 30 / 90 days: a segmented control of toggle buttons (Tab to it, Enter or Space to choose). */
function RangeSwitch({ days, onChange }: { days: AnalyticsRange; onChange: (d: AnalyticsRange) => void }) {
  return (
    <div role="group" aria-label="Range" className="inline-flex rounded-lg border border-border bg-surface p-1" data-testid="range">
      {RANGES.map((d) => (
        <button
          key={d}
          type="button"
          aria-pressed={d === days}
          onClick={() => onChange(d)}
          className={`rounded-md px-3 py-1.5 text-sm font-medium transition-colors ${d === days ? "bg-accent text-white" : "text-muted hover:bg-surface-2 hover:text-fg"}`}
        >
          {d} days
        </button>
      ))}
    </div>
  );
}

function Totals({ a }: { a: ChannelAnalytics }) {
  const [first, ...rest] = a.revenue;
  return (
    <StatGrid label="Channel totals">
      <StatCard id="streams" label="Streams" value={num(a.streams)} hint={`${formatSpan(onAirSeconds(a))} on air`} />
      <StatCard id="totalViews" label="Views" value={num(a.totalViews)} />
      <StatCard id="uniqueViewers" label="Unique viewers" value={num(a.uniqueViewers)} />
      <StatCard id="peakViewers" label="Peak viewers" value={num(a.peakViewers)} />
      <StatCard id="averageWatchTime" label="Avg. watch time" value={formatSpan(a.averageWatchTime)} hint="Per unique viewer" />
      <StatCard id="follows" label="Follows gained" value={num(a.follows)} />
      <StatCard id="chatMessages" label="Chat messages" value={num(a.chatMessages)} />
      <StatCard id="reactions" label="Reactions" value={num(a.reactions)} />
      <StatCard id="likes" label="Likes" value={num(a.likes)} />
      <StatCard id="revenue" label="Revenue" value={first ? formatMoney(first.net, first.currency) : formatMoney(0, "USD")} hint={rest.length ? `+ ${rest.map((r) => formatMoney(r.net, r.currency)).join(", ")}` : "Net, from the ledger"} />
    </StatGrid>
  );
}

function DailyCharts({ a }: { a: ChannelAnalytics }) {
  const c = useMemo(() => {
    const days = fillDays(a.daily, a.from, a.to);
    const x = days.map((d) => Date.parse(`${d.day}T00:00:00Z`) / 1000);
    return {
      x,
      audience: [
        { label: "Views", values: days.map((d) => d.views), color: "accent", bars: true },
        { label: "Peak viewers", values: days.map((d) => d.peakViewers), color: "sky" },
        { label: "Watch hours", values: days.map((d) => d.watchHours), color: "success", right: true, format: watchHours },
      ] satisfies ChartSeries[],
      engagement: [
        { label: "Chat messages", values: days.map((d) => d.chatMessages), color: "sky" },
        { label: "Reactions", values: days.map((d) => d.reactions), color: "amber" },
        { label: "Follows", values: days.map((d) => d.follows), color: "success" },
      ] satisfies ChartSeries[],
    };
  }, [a]);
  return (
    <div className="grid gap-6 xl:grid-cols-2">
      <Section id="daily-audience" title="Audience per day" note="Views, the day's peak and hours watched (UTC days).">
        <Chart testId="chart-daily" daily title="Views per day" summary={`Views, peak viewers and watch hours per day over the last ${a.days} days.`} x={c.x} series={c.audience} />
      </Section>
      <Section id="daily-engagement" title="Engagement per day" note="Chat messages, reactions and follows gained.">
        <Chart testId="chart-daily-engagement" daily title="Engagement per day" summary={`Chat messages, reactions and follows per day over the last ${a.days} days.`} x={c.x} series={c.engagement} />
      </Section>
    </div>
  );
}

function RecentStreams({ rows }: { rows: ChannelAnalytics["recent"] }) {
  if (!rows.length) return <Empty>No streams in this range. Go live and your numbers show up here.</Empty>;
  return (
    <ul className="flex flex-col divide-y divide-border" data-testid="recent-streams">
      {rows.map((s) => (
        <li key={s.streamId}>
          <Link href={`/dashboard/analytics/${s.streamId}`} className="flex flex-wrap items-center gap-x-4 gap-y-1 rounded-lg px-2 py-3 hover:bg-surface-2" data-testid="recent-stream">
            <span className="min-w-0 flex-1 basis-48">
              <span className="block truncate font-medium">{s.title}</span>
              <span className="block text-xs text-muted">{s.startedAt ? formatDateTime(s.startedAt) : "Not started"} · {formatSpan(s.duration)}</span>
            </span>
            <span className="flex gap-4 text-sm tabular-nums text-muted">
              <span><span className="text-fg">{num(s.totalViews)}</span> views</span>
              <span><span className="text-fg">{num(s.peakViewers)}</span> peak</span>
              <span><span className="text-fg">{num(s.chatMessages)}</span> chat</span>
            </span>
            <span aria-hidden="true" className="text-muted">→</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}

/** The channel's numbers over a range, with each recent stream's report one click away. */
export function ChannelAnalyticsView() {
  const toast = useToast();
  const [days, setDays] = useState<AnalyticsRange>(30);
  const q = useQuery({ queryKey: analyticsKeys.channel(days), queryFn: () => fetchChannelAnalytics(days), placeholderData: keepPreviousData, retry: 1 });
  useEffect(() => {
    if (q.error) toast.show(q.error instanceof LiveStreamError ? q.error.message : "Could not load your analytics", "error");
  }, [q.error, toast]);
  const a = q.data;
  return (
    <div className="flex flex-col gap-6" data-testid="channel-analytics" aria-busy={q.isFetching}>
      <div className="flex flex-wrap items-end gap-3">
        <div className="mr-auto">
          <Link href="/dashboard" className="text-sm text-muted hover:text-fg">
            ← Creator dashboard
          </Link>
          <h1 className="mt-1 text-2xl font-bold">Channel analytics</h1>
          <p className="text-sm text-muted">{a ? `${new Date(a.from).toLocaleDateString("en", { month: "short", day: "numeric" })} – ${new Date(a.to).toLocaleDateString("en", { month: "short", day: "numeric", year: "numeric" })}` : `The last ${days} days`}</p>
        </div>
        <RangeSwitch days={days} onChange={setDays} />
      </div>
      {q.isLoading ? (
        <Loading rows={6} />
      ) : !a ? (
        <LoadError message={q.error instanceof LiveStreamError ? q.error.message : "Could not load your analytics."} retry={() => void q.refetch()} />
      ) : (
        <div className={`flex flex-col gap-6 transition-opacity ${q.isPlaceholderData ? "opacity-60" : ""}`}>
          <Totals a={a} />
          <DailyCharts a={a} />
          <Section id="recent" title="Recent streams" note="Open one for its full report: audience, engagement, revenue and quality.">
            <RecentStreams rows={a.recent} />
          </Section>
        </div>
      )}
    </div>
  );
}
