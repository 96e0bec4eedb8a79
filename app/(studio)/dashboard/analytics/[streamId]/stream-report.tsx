"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import type { StreamAnalytics } from "@/lib/analytics/schemas";
import { LiveStreamError } from "@/lib/client/api";
import { paths } from "@/lib/client/endpoints";
import { hms, liveDuration } from "@/lib/client/analytics";
import { formatDateTime, formatSpan } from "@/lib/client/format";
import { formatMoney } from "@/lib/client/money";
import { analyticsKeys, fetchStreamAnalytics } from "@/lib/query/analytics";
import { StatCard, StatGrid } from "@/components/analytics/stat-card";
import { AudienceBreakdown, AudienceCharts, QualityCharts, RevenueBreakdown } from "@/components/analytics/report-sections";
import { useLiveAnalytics, type LiveState } from "@/components/analytics/use-live-analytics";
import { LoadError, Loading } from "@/components/moderation/section";
import { StatusBadge } from "@/components/streams/stream-card";
import { buttonClass } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";

const num = (n: number) => n.toLocaleString("en");

/** On air, the duration counts on every second; once ended it is the server's. */
function Duration({ report }: { report: StreamAnalytics }) {
  const [now, setNow] = useState(() => Date.now());
  const onAir = report.status !== "ended" && Boolean(report.startedAt);
  useEffect(() => {
    if (!onAir) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [onAir]);
  return <>{onAir ? hms(liveDuration(report, now)) : report.durationFormatted}</>;
}

function LiveIndicator({ live }: { live: LiveState }) {
  const text = live.status === "live" ? "Updating live" : live.status === "connecting" ? "Connecting…" : "Live updates unavailable";
  return (
    <span role="status" className={`flex items-center gap-1.5 text-xs ${live.status === "error" ? "text-danger" : "text-muted"}`} data-testid="live-indicator" data-state={live.status} data-at={live.at ?? ""}>
      <span className={`size-2 rounded-full ${live.status === "live" ? "animate-pulse bg-success" : live.status === "error" ? "bg-danger" : "bg-muted"}`} aria-hidden="true" />
      {text}
    </span>
  );
}

function Summary({ report }: { report: StreamAnalytics }) {
  const onAir = report.status === "live" || report.status === "paused";
  const currency = report.revenue.totals[0]?.currency ?? "USD";
  const others = report.revenue.totals.slice(1);
  return (
    <StatGrid label="Summary">
      <StatCard id="currentViewers" label="Watching now" value={num(report.currentViewers)} live={report.status === "live"} hint={onAir ? "Live" : report.status === "ended" ? "Stream ended" : "Not live yet"} />
      <StatCard id="peakViewers" label="Peak viewers" value={num(report.peakViewers)} />
      <StatCard id="totalViews" label="Total views" value={num(report.totalViews)} hint="Returns after 60 s count" />
      <StatCard id="uniqueViewers" label="Unique viewers" value={num(report.uniqueViewers)} />
      <StatCard id="averageWatchTime" label="Avg. watch time" value={formatSpan(report.averageWatchTime)} hint="Per unique viewer" />
      <StatCard id="duration" label="Duration" value={<Duration report={report} />} />
      <StatCard id="chatMessages" label="Chat messages" value={num(report.chatMessages)} />
      <StatCard id="reactions" label="Reactions" value={num(report.reactions)} />
      <StatCard id="likes" label="Likes" value={num(report.likes)} />
      <StatCard id="engagementRate" label="Engagement rate" value={report.engagementRate} hint="Chat + reactions ÷ peak" />
      <StatCard id="totalEarnings" label="Earnings" value={formatMoney(report.totalEarnings, currency)} hint={others.length ? `+ ${others.map((t) => formatMoney(t.net, t.currency)).join(", ")}` : "Net, from the ledger"} />
      <StatCard id="follows" label="Follows gained" value={num(report.follows)} />
    </StatGrid>
  );
}

function Header({ report, live }: { report: StreamAnalytics; live: LiveState | null }) {
  return (
    <div className="flex flex-col gap-3">
      <Link href="/dashboard/analytics" className="w-fit text-sm text-muted hover:text-fg">
        ← Channel analytics
      </Link>
      <div className="flex flex-wrap items-center gap-3">
        <StatusBadge stream={report} />
        <h1 className="min-w-0 flex-1 break-words text-2xl font-bold" data-testid="report-title">
          {report.title}
        </h1>
        {live ? <LiveIndicator live={live} /> : null}
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <p className="mr-auto text-sm text-muted">
          {report.startedAt ? `Started ${formatDateTime(report.startedAt)}` : "Not started yet"}
          {report.endedAt ? ` · ended ${formatDateTime(report.endedAt)}` : ""}
        </p>
        <a href={paths.analyticsCsv(report.streamId)} download className={buttonClass("secondary")} data-testid="download-csv">
          Download CSV
        </a>
        {report.status !== "ended" ? (
          <Link href={`/studio/${report.streamId}`} className={buttonClass("ghost")}>
            Studio
          </Link>
        ) : null}
        <Link href={`/watch/${report.streamId}`} className={buttonClass("ghost")}>
          Watch page
        </Link>
      </div>
    </div>
  );
}

function Failure({ error, retry }: { error: unknown; retry: () => void }) {
  const code = error instanceof LiveStreamError ? error.code : null;
  if (code === "NOT_FOUND" || code === "FORBIDDEN") {
    return (
      <div className="rounded-2xl border border-dashed border-border p-8 text-center" data-testid="report-unavailable">
        <p className="font-medium">{code === "NOT_FOUND" ? "This stream does not exist." : "Only the host and lead moderators can see this stream's analytics."}</p>
        <Link href="/dashboard/analytics" className="mt-2 inline-block text-sm text-accent hover:underline">
          Back to channel analytics
        </Link>
      </div>
    );
  }
  return <LoadError message={error instanceof LiveStreamError ? error.message : "Could not load the analytics."} retry={retry} />;
}

/** A stream's report: the spec's numbers, charts that move while it is live, audience, revenue and quality. */
export function StreamReport({ streamId }: { streamId: string }) {
  const toast = useToast();
  const q = useQuery({
    queryKey: analyticsKeys.stream(streamId),
    queryFn: () => fetchStreamAnalytics(streamId),
    // Live numbers come over the socket; sessions, audience and quality are read again twice a minute.
    refetchInterval: (query) => (query.state.data && query.state.data.status !== "ended" ? 30_000 : false),
    retry: (n, err) => !(err instanceof LiveStreamError && err.status !== undefined && err.status < 500) && n < 2,
  });
  const report = q.data;
  const onAir = report?.status === "live" || report?.status === "paused";
  const live = useLiveAnalytics(streamId, onAir);

  useEffect(() => {
    if (q.error && !(q.error instanceof LiveStreamError && (q.error.code === "NOT_FOUND" || q.error.code === "FORBIDDEN"))) toast.show(q.error instanceof LiveStreamError ? q.error.message : "Could not load the analytics", "error");
  }, [q.error, toast]);

  if (q.isLoading) {
    return (
      <div className="flex flex-col gap-6" aria-busy="true">
        <div className="h-16 animate-pulse rounded-xl bg-surface-2" />
        <div className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-4 xl:grid-cols-6">
          {Array.from({ length: 12 }, (_, i) => (
            <div key={i} className="h-24 animate-pulse rounded-xl bg-surface-2" />
          ))}
        </div>
        <Loading rows={6} />
      </div>
    );
  }
  if (!report) return <Failure error={q.error} retry={() => void q.refetch()} />;
  return (
    <div className="flex flex-col gap-6" data-testid="stream-report" data-status={report.status}>
      <Header report={report} live={onAir ? live : null} />
      <Summary report={report} />
      <AudienceCharts report={report} />
      <AudienceBreakdown report={report} />
      <div className="grid items-start gap-6 xl:grid-cols-[minmax(0,1fr)_minmax(0,2fr)]">
        <RevenueBreakdown report={report} />
        <QualityCharts report={report} />
      </div>
    </div>
  );
}
