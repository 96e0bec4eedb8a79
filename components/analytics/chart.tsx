"use client";

import { useEffect, useId, useMemo, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { lastValue, xRange } from "@/lib/client/analytics";

/** A palette slot: CSS variables of globals.css, read at draw time so the charts follow the app's theme. */
export type ChartColor = "accent" | "live" | "success" | "sky" | "amber" | "pink";

export type ChartSeries = {
  label: string;
  values: (number | null)[];
  color: ChartColor;
  /** A second y axis on the right, for a unit that does not share the left one's scale. */
  right?: boolean;
  bars?: boolean;
  /** How a value reads in the legend and the table, e.g. (v) => `${v} kbps`. */
  format?: (v: number) => string;
};

type Props = {
  title: string;
  /** Seconds since the epoch. */
  x: number[];
  series: ChartSeries[];
  /** What the chart shows, for screen readers (the table below carries the numbers). */
  summary: string;
  height?: number;
  /** Days (UTC) rather than minutes (local time) on the x axis. */
  daily?: boolean;
  empty?: string;
  testId?: string;
};

const VARS: Record<ChartColor | "muted" | "border" | "fg", string> = {
  accent: "--color-accent", live: "--color-live", success: "--color-success", sky: "--chart-sky", amber: "--chart-amber", pink: "--chart-pink",
  muted: "--color-muted", border: "--color-border", fg: "--color-fg",
};
const FALLBACK: Record<keyof typeof VARS, string> = {
  accent: "#8b5cf6", live: "#ef4444", success: "#22c55e", sky: "#38bdf8", amber: "#fbbf24", pink: "#f472b6", muted: "#9a9ab0", border: "#2a2a38", fg: "#ececf4",
};

function palette(): Record<keyof typeof VARS, string> {
  const css = getComputedStyle(document.documentElement);
  const out = { ...FALLBACK };
  for (const k of Object.keys(VARS) as (keyof typeof VARS)[]) out[k] = css.getPropertyValue(VARS[k]).trim() || FALLBACK[k];
  return out;
}

const timeLabel = (t: number, daily: boolean) =>
  daily ? new Date(t * 1000).toLocaleDateString("en", { month: "short", day: "numeric", timeZone: "UTC" }) : new Date(t * 1000).toLocaleTimeString("en", { hour: "numeric", minute: "2-digit" });
const plain = (v: number) => (Number.isInteger(v) ? v.toLocaleString("en") : v.toLocaleString("en", { maximumFractionDigits: 1 }));

function options(p: Props, width: number): uPlot.Options {
  const c = palette();
  const axis = (side?: 1 | 3, scale?: string): uPlot.Axis => ({
    stroke: c.muted,
    grid: { stroke: c.border, width: 1 },
    ticks: { stroke: c.border, width: 1 },
    font: "11px Inter Variable, system-ui, sans-serif",
    ...(side ? { side, scale, grid: { show: false } } : {}),
  });
  const hasRight = p.series.some((s) => s.right);
  return {
    width,
    height: p.height ?? 220,
    ...(p.daily ? { tzDate: (ts: number) => uPlot.tzDate(new Date(ts * 1000), "Etc/UTC") } : {}),
    cursor: { points: { size: 6 }, drag: { x: false, y: false } },
    legend: { live: true },
    scales: { x: { time: true, range: (u, min, max) => xRange(min, u.data[0].length > 1 ? max : min, Boolean(p.daily)) }, y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] }, ...(hasRight ? { y2: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] } } : {}) },
    axes: [{ ...axis(), ...(p.daily ? { values: (_u, ticks) => ticks.map((t) => timeLabel(t, true)) } : {}) }, axis(), ...(hasRight ? [axis(1, "y2")] : [])],
    series: [
      { label: p.daily ? "Day" : "Minute", value: (u, t, _si, idx) => (idx == null ? "latest" : t == null ? "—" : timeLabel(t, Boolean(p.daily))) },
      ...p.series.map((s): uPlot.Series => ({
        label: s.label,
        stroke: c[s.color],
        width: 2,
        scale: s.right ? "y2" : "y",
        fill: s.bars ? `${c[s.color]}59` : `${c[s.color]}1f`,
        // Away from the cursor the legend reads the latest value, so it is never a row of dashes.
        value: (u, v, si, idx) => {
          const shown = idx == null ? lastValue(u.data[si] ?? []) : v;
          return shown == null ? "—" : (s.format ?? plain)(shown);
        },
        ...(s.bars ? { paths: uPlot.paths.bars?.({ size: [0.5, 28] }), points: { show: false } } : {}),
      })),
    ],
  };
}

/**
 * The one chart of the dashboards: uPlot on a canvas (small and fast; data changes are drawn with setData,
 * not rebuilt), sized to its box, coloured from the theme, with the numbers in a table for keyboards and
 * screen readers.
 */
export function Chart(props: Props) {
  const { title, x, series, summary, empty = "No data yet", testId } = props;
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const captionId = useId();
  const data = useMemo(() => [x, ...series.map((s) => s.values)] as uPlot.AlignedData, [x, series]);
  const latest = useRef({ data, props });
  const shape = `${series.map((s) => `${s.label}:${s.color}:${s.right}:${s.bars}`).join("|")}:${props.height}:${props.daily}:${x.length > 0}`;

  useEffect(() => {
    const changed = latest.current.data !== data;
    latest.current = { data, props };
    if (changed) plot.current?.setData(data);
  });

  useEffect(() => {
    const el = box.current;
    if (!el || !latest.current.data[0].length) return;
    const u = new uPlot(options(latest.current.props, el.clientWidth || 300), latest.current.data, el);
    plot.current = u;
    const ro = new ResizeObserver(() => u.setSize({ width: el.clientWidth, height: latest.current.props.height ?? 220 }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      u.destroy();
      plot.current = null;
    };
  }, [shape]);

  return (
    <figure className="flex min-w-0 flex-col gap-2" aria-labelledby={captionId} data-testid={testId}>
      <figcaption id={captionId} className="text-sm font-semibold">
        {title}
      </figcaption>
      {x.length ? <div ref={box} role="img" aria-label={summary} className="analytics-chart min-h-[120px] w-full" /> : <p className="grid h-32 place-items-center rounded-lg border border-dashed border-border text-sm text-muted">{empty}</p>}
      {x.length ? (
        <details className="text-sm">
          <summary className="cursor-pointer text-muted hover:text-fg">Show as a table</summary>
          <div className="mt-2 max-h-64 overflow-auto rounded-lg border border-border">
            <table className="w-full text-left text-xs tabular-nums">
              <caption className="sr-only">{title}</caption>
              <thead className="sticky top-0 bg-surface-2 text-muted">
                <tr>
                  <th scope="col" className="px-3 py-1.5 font-medium">
                    {props.daily ? "Day" : "Time"}
                  </th>
                  {series.map((s) => (
                    <th key={s.label} scope="col" className="px-3 py-1.5 font-medium">
                      {s.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-border">
                {x.map((t, i) => (
                  <tr key={t}>
                    <th scope="row" className="px-3 py-1 font-normal text-muted">
                      {timeLabel(t, Boolean(props.daily))}
                    </th>
                    {series.map((s) => {
                      const v = s.values[i];
                      return (
                        <td key={s.label} className="px-3 py-1">
                          {v == null ? "—" : (s.format ?? plain)(v)}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      ) : null}
    </figure>
  );
}
