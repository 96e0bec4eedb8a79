"use client";

import { useMemo } from "react";
import type { StreamAnalytics } from "@/lib/analytics/schemas";
import { countryFlag, countryName, deviceLabel, toSeconds } from "@/lib/client/analytics";
import { formatMoney } from "@/lib/client/money";
import { Chart, type ChartSeries } from "@/components/analytics/chart";
import { ShareBars } from "@/components/analytics/share-bars";
import { KIND_LABELS } from "@/components/payments/ledger-table";
import { Empty, Section } from "@/components/moderation/section";

/** Viewers and engagement per minute: the charts that move while the stream is on air. */
export function AudienceCharts({ report }: { report: StreamAnalytics }) {
  const viewers = useMemo(() => {
    const h = report.viewerHistory;
    return {
      x: h.map((p) => toSeconds(p.t)),
      series: [
        // Bars first: the viewers line is drawn over them.
        { label: "New views", values: h.map((p) => p.joins), color: "sky", bars: true },
        { label: "Viewers", values: h.map((p) => p.viewers), color: "accent" },
      ] satisfies ChartSeries[],
    };
  }, [report.viewerHistory]);
  const engagement = useMemo(() => {
    const h = report.engagementHistory;
    return {
      x: h.map((p) => toSeconds(p.t)),
      series: [
        { label: "Chat messages", values: h.map((p) => p.chatMessages), color: "sky" },
        { label: "Reactions", values: h.map((p) => p.reactions), color: "amber" },
        { label: "Likes", values: h.map((p) => p.likes), color: "pink" },
        { label: "Follows", values: h.map((p) => p.follows), color: "success" },
      ] satisfies ChartSeries[],
    };
  }, [report.engagementHistory]);
  const peak = Math.max(0, ...report.viewerHistory.map((p) => p.viewers));
  return (
    <div className="grid gap-6 xl:grid-cols-2">
      <Section id="viewers-over-time" title="Viewers over time" note="The most viewers present at once in each minute, and the views that started in it.">
        <Chart testId="chart-viewers" title="Viewers per minute" summary={`Viewers per minute over ${viewers.x.length} minutes, at most ${peak}.`} x={viewers.x} series={viewers.series} empty="No viewers yet: the chart starts with the first minute on air." />
      </Section>
      <Section id="engagement" title="Engagement" note="Chat messages, reactions, likes and follows per minute.">
        <Chart testId="chart-engagement" title="Engagement per minute" summary={`Chat messages, reactions, likes and follows per minute over ${engagement.x.length} minutes.`} x={engagement.x} series={engagement.series} empty="No chat or reactions yet." />
      </Section>
    </div>
  );
}

/** Where the unique viewers were (country from their address) and what they watched on. */
export function AudienceBreakdown({ report }: { report: StreamAnalytics }) {
  const { geography, devices } = report;
  return (
    <Section id="audience" title="Audience" note="Unique viewers by country (from their network address) and by device, browser and system.">
      <div className="grid gap-6 sm:grid-cols-2 xl:grid-cols-4">
        <ShareBars testId="geo" title="Countries" rows={geography} label={countryName} icon={countryFlag} />
        <ShareBars testId="device-types" title="Devices" rows={devices.types} label={deviceLabel} />
        <ShareBars testId="browsers" title="Browsers" rows={devices.browsers} />
        <ShareBars testId="os" title="Operating systems" rows={devices.os} />
      </div>
    </Section>
  );
}

/** The stream's money from the ledger: net per currency, and each source (tips, tickets, fees, refunds…). */
export function RevenueBreakdown({ report }: { report: StreamAnalytics }) {
  const { totals, bySource } = report.revenue;
  return (
    <Section id="revenue" title="Revenue" note="From the ledger, per currency: what came in and what went out.">
      {totals.length === 0 ? (
        <Empty>No revenue from this stream yet. Tips and tickets show up here once Stripe confirms them.</Empty>
      ) : (
        <div className="flex flex-col gap-4" data-testid="revenue">
          <ul className="flex flex-wrap gap-3">
            {totals.map((t) => (
              <li key={t.currency} className="rounded-xl border border-border bg-surface-2 px-4 py-3">
                <p className="text-xs font-semibold uppercase tracking-wide text-muted">{t.currency} · net</p>
                <p className="text-2xl font-bold tabular-nums text-green-300">{formatMoney(t.net, t.currency)}</p>
              </li>
            ))}
          </ul>
          <div className="overflow-x-auto">
            <table className="w-full min-w-[20rem] text-left text-sm">
              <caption className="sr-only">Revenue by source</caption>
              <thead className="text-xs text-muted">
                <tr>
                  <th scope="col" className="py-1.5 pr-3 font-medium">Source</th>
                  <th scope="col" className="py-1.5 pr-3 font-medium">Currency</th>
                  <th scope="col" className="py-1.5 text-right font-medium">Amount</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-border">
                {bySource.map((r) => (
                  <tr key={`${r.kind}-${r.currency}`}>
                    <th scope="row" className="py-1.5 pr-3 font-normal">{KIND_LABELS[r.kind]}</th>
                    <td className="py-1.5 pr-3 text-muted">{r.currency}</td>
                    <td className={`py-1.5 text-right tabular-nums ${r.amount < 0 ? "text-danger" : ""}`}>{formatMoney(r.amount, r.currency)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </Section>
  );
}

const fixed = (digits: number, unit: string) => (v: number) => `${v.toLocaleString("en", { maximumFractionDigits: digits })}${unit}`;

/** What the host's studio reported of its upload, per minute (socket `update_stream_metrics`). */
export function QualityCharts({ report }: { report: StreamAnalytics }) {
  const q = report.quality;
  const charts = useMemo(() => {
    const x = q.map((p) => toSeconds(p.t));
    return {
      x,
      bitrate: [{ label: "Bitrate", values: q.map((p) => p.bitrateKbps), color: "accent", format: fixed(0, " kbps") }] satisfies ChartSeries[],
      frames: [
        { label: "Dropped frames", values: q.map((p) => p.droppedFrames), color: "live", right: true, bars: true },
        { label: "Frame rate", values: q.map((p) => p.fps), color: "success", format: fixed(1, " fps") },
      ] satisfies ChartSeries[],
      network: [
        { label: "Packet loss", values: q.map((p) => p.packetLoss), color: "amber", format: fixed(2, "%") },
        { label: "Round trip", values: q.map((p) => p.rttMs), color: "sky", right: true, format: fixed(0, " ms") },
      ] satisfies ChartSeries[],
    };
  }, [q]);
  const empty = "No quality reports: the studio sends them while it broadcasts (an encoder such as OBS does not).";
  return (
    <Section id="quality" title="Stream quality" note="The broadcaster's upload as the studio measured it, averaged per minute.">
      <div className="grid gap-6 lg:grid-cols-3" data-testid="quality">
        <Chart testId="chart-bitrate" title="Bitrate (kbps)" summary="Upload bitrate per minute" x={charts.x} series={charts.bitrate} height={160} empty={empty} />
        <Chart testId="chart-frames" title="Frame rate and dropped frames" summary="Frames per second and frames dropped per minute" x={charts.x} series={charts.frames} height={160} empty={empty} />
        <Chart testId="chart-network" title="Packet loss (%) and round trip (ms)" summary="Packet loss and round-trip time per minute" x={charts.x} series={charts.network} height={160} empty={empty} />
      </div>
    </Section>
  );
}
