"use client";

import { useEffect, useRef, useState } from "react";

/**
 * Plays an HLS playlist with hls.js where the browser has Media Source Extensions, imported only here and on
 * demand (it never weighs on pages that play WebRTC), and natively where it has not (iPhone Safari).
 * hls.js comes first even where the browser claims native HLS: Chromium 156 answers canPlayType "maybe"
 * but its built-in player stalled on our live EVENT playlist after the first segment (seen in e2e).
 */
export function HlsPlayer({ src, muted = true, controls = true, className = "h-full w-full object-contain" }: { src: string; muted?: boolean; controls?: boolean; className?: string }) {
  const ref = useRef<HTMLVideoElement>(null);
  const [engine, setEngine] = useState<"native" | "hls.js" | "unsupported" | null>(null);

  useEffect(() => {
    const video = ref.current;
    if (!video) return;
    let cancelled = false;
    let destroy: (() => void) | null = null;
    const native = () => {
      video.src = src;
      destroy = () => video.removeAttribute("src");
      setEngine("native");
    };
    // Media Source Extensions (desktop browsers, iPadOS): hls.js. Without them (iPhone Safari): the native player.
    if (typeof window.MediaSource === "undefined" && video.canPlayType("application/vnd.apple.mpegurl")) native();
    else {
      void import("hls.js").then(({ default: Hls }) => {
        if (cancelled) return;
        if (!Hls.isSupported()) return video.canPlayType("application/vnd.apple.mpegurl") ? native() : setEngine("unsupported");
        const hls = new Hls({ liveSyncDurationCount: 2 });
        hls.on(Hls.Events.ERROR, (_e, data) => {
          if (!data.fatal) return;
          if (data.type === Hls.ErrorTypes.NETWORK_ERROR) hls.startLoad();
          else if (data.type === Hls.ErrorTypes.MEDIA_ERROR) hls.recoverMediaError();
        });
        hls.loadSource(src);
        hls.attachMedia(video);
        destroy = () => hls.destroy();
        setEngine("hls.js");
      });
    }
    return () => {
      cancelled = true;
      destroy?.();
    };
  }, [src]);

  return <video ref={ref} data-testid="hls-video" data-engine={engine ?? ""} className={className} autoPlay playsInline muted={muted} controls={controls} />;
}
