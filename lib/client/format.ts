/** 1234 → "1.2K", 2_500_000 → "2.5M". */
export function formatViewerCount(n: number): string {
  if (!Number.isFinite(n) || n < 0) return "0";
  if (n < 1000) return String(Math.floor(n));
  const [div, unit] = n < 1_000_000 ? [1000, "K"] : n < 1_000_000_000 ? [1_000_000, "M"] : [1_000_000_000, "B"];
  const v = n / div;
  return `${v < 10 ? Math.floor(v * 10) / 10 : Math.floor(v)}${unit}`.replace(".0", "");
}

/** Seconds → "1:01:01" (or "4:05" under an hour). */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const pad = (x: number) => String(x).padStart(2, "0");
  return h > 0 ? `${h}:${pad(m)}:${pad(sec)}` : `${m}:${pad(sec)}`;
}

/** "in 3 hours", "5 minutes ago". */
export function formatRelative(iso: string | Date, now = Date.now()): string {
  const t = typeof iso === "string" ? Date.parse(iso) : iso.getTime();
  const diff = (t - now) / 1000;
  const abs = Math.abs(diff);
  const rtf = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
  const [value, unit]: [number, Intl.RelativeTimeFormatUnit] =
    abs < 60 ? [diff, "second"] : abs < 3600 ? [diff / 60, "minute"] : abs < 86_400 ? [diff / 3600, "hour"] : [diff / 86_400, "day"];
  return rtf.format(Math.round(value), unit);
}

/** A local date and time such as "Tue, Nov 24, 7:30 PM". */
export function formatDateTime(iso: string): string {
  return new Date(iso).toLocaleString("en", { weekday: "short", month: "short", day: "numeric", hour: "numeric", minute: "2-digit" });
}

/** A span of time in its largest units: 45 → "45s", 600 → "10m", 5400 → "1h 30m", 86400 → "1d". */
export function formatSpan(totalSeconds: number): string {
  const s = Math.max(0, Math.round(totalSeconds));
  if (s < 60) return `${s}s`;
  const units: [number, string][] = [[86_400, "d"], [3600, "h"], [60, "m"]];
  const parts: string[] = [];
  let rest = s;
  for (const [size, unit] of units) {
    const n = Math.floor(rest / size);
    if (n > 0 && parts.length < 2) parts.push(`${n}${unit}`);
    rest -= n * size;
  }
  return parts.join(" ");
}
