import type { AnalyticsUpdate, ChannelAnalytics, StreamAnalytics } from "@/lib/analytics/schemas";

/**
 * The dashboard's pure rules: merging a live `analytics_update` into the report the page loaded, and the
 * names and shares it shows. No zod here: these run in the browser.
 */

type Point = { t: string };

/** The series with `point` in place of the one of the same minute, or appended when the minute is new. */
export function upsertMinute<P extends Point>(series: P[], point: P): P[] {
  const i = series.findIndex((p) => p.t === point.t);
  if (i >= 0) return series.map((p, j) => (j === i ? point : p));
  // Updates come in order; an older minute than the last one is a late packet and is placed where it belongs.
  const next = [...series, point];
  return series.length && series[series.length - 1]!.t > point.t ? next.sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : 0)) : next;
}

/** The report with a live update's counters and its minute in progress; an update of another stream changes nothing. */
export function applyUpdate(report: StreamAnalytics, u: AnalyticsUpdate): StreamAnalytics {
  if (u.streamId !== report.streamId) return report;
  const { t, viewers, joins, chatMessages, reactions, likes, follows } = u.minute;
  return {
    ...report,
    currentViewers: u.currentViewers,
    peakViewers: Math.max(report.peakViewers, u.peakViewers),
    totalViews: Math.max(report.totalViews, u.totalViews),
    chatMessages: Math.max(report.chatMessages, u.chatMessages),
    reactions: Math.max(report.reactions, u.reactions),
    likes: u.likes,
    viewerHistory: upsertMinute(report.viewerHistory, { t, viewers, joins }),
    engagementHistory: upsertMinute(report.engagementHistory, { t, chatMessages, reactions, likes, follows }),
  };
}

/** Seconds on air now: the server's figure while ended, counted on from the start while live. */
export function liveDuration(report: Pick<StreamAnalytics, "status" | "startedAt" | "duration">, now = Date.now()): number {
  if (report.status === "ended" || !report.startedAt) return report.duration;
  return Math.max(report.duration, Math.floor((now - Date.parse(report.startedAt)) / 1000));
}

/** Seconds → "H:MM:SS", the spec's `durationFormatted`. */
export function hms(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const pad = (x: number) => String(x).padStart(2, "0");
  return `${Math.floor(s / 3600)}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
}

let regionNames: Intl.DisplayNames | null | undefined;

/** "DE" → "Germany"; "ZZ" (loopback, private, unmatched addresses) → "Unknown". */
export function countryName(code: string): string {
  if (code === "ZZ") return "Unknown";
  if (regionNames === undefined) {
    try {
      regionNames = new Intl.DisplayNames(["en"], { type: "region" });
    } catch {
      regionNames = null;
    }
  }
  try {
    return regionNames?.of(code) ?? code;
  } catch {
    return code;
  }
}

/** "DE" → 🇩🇪 (regional indicator letters); unknown → 🌐. */
export function countryFlag(code: string): string {
  if (!/^[A-Z]{2}$/.test(code) || code === "ZZ") return "🌐";
  return String.fromCodePoint(...[...code].map((c) => 0x1f1e6 + c.charCodeAt(0) - 65));
}

/** Rows with their share of the total in whole percent (a share under 1% but above 0 shows as "<1%"). */
export function withShares<R extends { viewers: number }>(rows: R[]): (R & { share: number; shareLabel: string })[] {
  const total = rows.reduce((a, r) => a + r.viewers, 0);
  return rows.map((r) => {
    const share = total ? (r.viewers / total) * 100 : 0;
    return { ...r, share, shareLabel: share > 0 && share < 1 ? "<1%" : `${Math.round(share)}%` };
  });
}

const DEVICE_LABELS: Record<string, string> = { desktop: "Desktop", mobile: "Mobile", tablet: "Tablet", tv: "TV", bot: "Bot", unknown: "Unknown" };
export const deviceLabel = (type: string) => DEVICE_LABELS[type] ?? type;

/** ISO minute → seconds since the epoch (uPlot's x axis). */
export const toSeconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

type Day = ChannelAnalytics["daily"][number];

/** Every UTC day of the range, with zeros for the days the channel did not stream (the server may skip them). */
export function fillDays(daily: Day[], from: string, to: string): Day[] {
  const byDay = new Map(daily.map((d) => [d.day, d]));
  const out: Day[] = [];
  const end = Date.parse(to);
  // At most a few hundred days: a broken range must not spin.
  for (let t = Date.UTC(...ymd(from)); t <= end && out.length < 400; t += 86_400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    out.push(byDay.get(day) ?? { day, views: 0, watchHours: 0, peakViewers: 0, chatMessages: 0, reactions: 0, follows: 0 });
  }
  return out;
}

function ymd(iso: string): [number, number, number] {
  const d = new Date(iso);
  return [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()];
}

/**
 * A chart's x range (seconds): a stream's first minutes span at least ten minutes (uPlot gives a lone point
 * 1000 days), a channel's at least a week, and each end gets half a step so a bar there is not cut in half.
 */
export function xRange(min: number, max: number, daily: boolean): [number, number] {
  const step = daily ? 86_400 : 60;
  const span = Math.max(max - min, daily ? 6 * step : 10 * step);
  return [min - step / 2, min + span + step / 2];
}

/** The last value that is not a gap (what a legend shows away from the cursor). */
export function lastValue(values: ArrayLike<number | null | undefined>): number | null {
  for (let i = values.length - 1; i >= 0; i--) {
    const v = values[i];
    if (v != null) return v;
  }
  return null;
}
