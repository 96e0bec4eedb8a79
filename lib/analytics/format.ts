/** The spec's engagement rate: (chat messages + reactions) per peak viewer, as a percentage, "12.5%" (at most two decimals). */
export function engagementRate(chatMessages: number, reactions: number, peakViewers: number): string {
  if (peakViewers <= 0) return "0%";
  return `${Number((((chatMessages + reactions) / peakViewers) * 100).toFixed(2))}%`;
}

/** Seconds as "H:MM:SS" (the spec's "2:00:00"). */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const two = (n: number) => String(n).padStart(2, "0");
  return `${Math.floor(s / 3600)}:${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}`;
}

/** Counts per name, most first (ties by name), as the contract's shares. */
export function shares<T extends string>(names: T[]): { name: T; viewers: number }[] {
  const counts = new Map<T, number>();
  for (const n of names) counts.set(n, (counts.get(n) ?? 0) + 1);
  return [...counts].map(([name, viewers]) => ({ name, viewers })).sort((a, b) => b.viewers - a.viewers || a.name.localeCompare(b.name));
}

/** One CSV field: quoted when it holds a comma, quote or line break; formula-leading text made inert. */
export function csvField(v: string | number | null): string {
  if (v === null) return "";
  if (typeof v === "number") return String(v);
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
