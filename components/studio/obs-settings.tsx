"use client";

import { useToast } from "@/components/ui/toast";
import { Button } from "@/components/ui/button";
import type { StreamView } from "@/lib/streams/schemas";

export type IngestPath = "whip" | "rtmp";

/** Copies to the clipboard with a toast either way (a denied clipboard says how to copy by hand). */
export function useCopy() {
  const toast = useToast();
  return async (text: string, what: string) => {
    try {
      await navigator.clipboard.writeText(text);
      toast.show(`${what} copied`, "success");
    } catch {
      toast.show("Copy failed: select the text and copy it", "error");
    }
  };
}

/** One labelled value with a copy button; a secret is masked until revealed (and copies either way). */
export function CopyField({ label, value, secret, revealed, onToggle, testId }: { label: string; value: string; secret?: boolean; revealed?: boolean; onToggle?: () => void; testId?: string }) {
  const copy = useCopy();
  const shown = !secret || revealed;
  return (
    <div className="flex flex-col gap-1">
      <span className="text-xs font-medium uppercase tracking-wide text-muted">{label}</span>
      <div className="flex items-center gap-1 rounded-lg border border-border bg-bg pl-3">
        <code className={`min-w-0 flex-1 py-2 text-sm ${secret ? "truncate" : "break-all"}`} data-testid={testId} aria-label={shown ? undefined : `${label} (hidden)`}>
          {shown ? value : "•".repeat(28)}
        </code>
        {secret ? (
          <Button variant="ghost" className="px-2.5 py-1.5" onClick={onToggle} aria-pressed={revealed}>
            {revealed ? "Hide" : "Reveal"}
          </Button>
        ) : null}
        <Button variant="ghost" className="px-2.5 py-1.5" onClick={() => void copy(value, label)} aria-label={`Copy ${label.toLowerCase()}`}>
          Copy
        </Button>
      </div>
    </div>
  );
}

const SIZE: Record<string, string> = { "4k": "3840×2160", "1440p": "2560×1440", "1080p": "1920×1080", "720p": "1280×720", "480p": "854×480", "360p": "640×360" };

/**
 * The OBS settings that work with each path, from the stream's own quality settings. WHIP goes to viewers
 * untouched (WebRTC), so its video must be what browsers decode live: H.264 without B-frames, Opus audio
 * (OBS picks Opus for WHIP by itself). RTMP is decoded and re-published, so AAC and any H.264 profile work.
 */
export function ObsSettings({ path, quality }: { path: IngestPath; quality: StreamView["quality"] }) {
  const size = SIZE[quality.resolution.toLowerCase()] ?? quality.resolution;
  const rows: [string, string][] = [
    ["OBS", path === "whip" ? "Settings → Stream → Service: WHIP (OBS 30 or newer)" : "Settings → Stream → Service: Custom…"],
    ["Encoder", path === "whip" ? "x264 (or NVENC/QuickSync H.264)" : "x264 (or any hardware H.264)"],
    ["Rate control", `CBR, ${quality.bitrate.toLocaleString("en-US")} kbps`],
    ["Keyframe interval", "2 s"],
    ["Profile / B-frames", path === "whip" ? "baseline, no B-frames (x264 options: bframes=0)" : "main or high; bframes=0 for the lowest delay"],
    ["CPU preset / tune", "veryfast, zerolatency"],
    ["Output", `${size} at ${quality.fps} fps`],
    ["Audio", path === "whip" ? "Opus, 48 kHz (set by OBS for WHIP), 128 kbps" : "AAC, 48 kHz, 160 kbps"],
  ];
  return (
    <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-xs" data-testid={`obs-settings-${path}`}>
      {rows.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="text-muted">{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}
