"use client";

import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import { VideoQuality, type RemoteTrackPublication } from "livekit-client";
import { GATES, useLiveRoom, type Phase } from "@/components/player/use-live-room";
import { AccessOffer } from "@/components/payments/access-offer";
import type { MediaToken } from "@/lib/media/schemas";
import { useHlsFallback } from "@/components/player/use-hls-fallback";
import { HlsPlayer } from "@/components/player/hls-player";
import { StageGrid } from "@/components/player/stage-grid";
import { arrangeStage, DEFAULT_STAGE_LAYOUT, isStaged } from "@/lib/guests/stage-layout";
import type { Layout } from "@/lib/guests/schemas";

type Props = {
  streamId: string;
  hostId: string;
  status: "scheduled" | "live" | "paused" | "ended";
  scheduledLabel?: string | null;
  theater?: boolean;
  onToggleTheater?: () => void;
  /** A token rendered with the page, so the player can connect without asking for one first. */
  initialToken?: MediaToken | null;
  /** The stream's room: its HLS rendition is the fallback when WebRTC cannot connect. */
  roomId?: string;
  /** The host's name, for the subscription offer when the stream is for subscribers. */
  hostName?: string;
  /** Back from a successful Checkout: the player waits for the payment to unlock the stream. */
  unlocking?: boolean;
  onUnlocked?: () => void;
  /** The viewer's socket said they were banned from this stream: the picture stops at once (useLiveRoom). */
  banned?: boolean;
  /** Drawn over the picture, inside the player (so it stays in fullscreen): the tip alert. */
  children?: ReactNode;
  /** How host and guests share the picture (the host's choice, kept current by `layout_changed`). */
  layout?: Layout;
  /**
   * The stream's newest frame (its live thumbnail), shown in the player until the video's first picture: a
   * viewer sees what the stream is at the first paint instead of a black box.
   */
  poster?: string | null;
};

const QUALITY = [
  { id: "auto", label: "Auto" },
  { id: "high", label: "High" },
  { id: "medium", label: "Medium" },
  { id: "low", label: "Low" },
] as const;
type QualityId = (typeof QUALITY)[number]["id"];

const OVERLAY: Record<Exclude<Phase, "live">, { title: string; sub?: string }> = {
  connecting: { title: "Connecting…" },
  "host-away": { title: "Host reconnecting…", sub: "The stream will resume when the host is back" },
  "starting-soon": { title: "Starting soon" },
  ended: { title: "This stream has ended", sub: "Thanks for watching" },
  "no-access": { title: "You can't watch this stream" },
  banned: { title: "You are banned from this channel", sub: "A moderator removed you from this stream" },
  error: { title: "Trouble connecting", sub: "Retrying…" },
  unlocking: { title: "Payment received — unlocking…", sub: "This takes a few seconds" },
  "media-down": { title: "Media server unavailable", sub: "Reconnecting automatically…" },
};

/** Attaches a remote track to a media element for as long as both exist. */
function useAttach(pub: RemoteTrackPublication | null, el: HTMLMediaElement | null) {
  useEffect(() => {
    const track = pub?.track;
    if (!track || !el) return;
    track.attach(el);
    return () => {
      track.detach(el);
    };
  }, [pub, pub?.track, el]);
}

/** The viewer's player: adaptive video, click-to-unmute, volume, quality, theater and fullscreen. */
export function LivePlayer({ streamId, hostId, status, scheduledLabel, theater, onToggleTheater, initialToken, roomId, hostName, unlocking, onUnlocked, banned, children, layout, poster }: Props) {
  const live = useLiveRoom(streamId, hostId, status !== "ended", initialToken, { unlocking, onUnlocked, banned });
  const fallback = useHlsFallback({ streamId, roomId, status, phase: live.phase });
  // A ban ends playback whichever way it came (the HLS fallback included).
  const hlsSrc = live.phase === "banned" ? null : fallback.hlsSrc;
  const phase: Phase = status === "ended" ? "ended" : hlsSrc ? "live" : live.phase;
  const container = useRef<HTMLDivElement>(null);
  const [mainEl, setMainEl] = useState<HTMLVideoElement | null>(null);
  const [pipEl, setPipEl] = useState<HTMLVideoElement | null>(null);
  const [audioEls, setAudioEls] = useState<Map<string, HTMLAudioElement>>(new Map());
  const [muted, setMuted] = useState(true);
  const [volume, setVolume] = useState(1);
  const [quality, setQuality] = useState<QualityId>("auto");

  useAttach(live.main, mainEl);
  useAttach(live.pip, pipEl);
  const arranged = arrangeStage(live.tiles, layout ?? DEFAULT_STAGE_LAYOUT);
  const staged = phase === "live" && !hlsSrc && isStaged(arranged);

  // Everyone on stage is heard: the host (from the studio or OBS, the encoder identity) and the guests.
  const audioPubs = [...(live.room?.remoteParticipants.values() ?? [])].flatMap((p) => [...p.audioTrackPublications.values()]).filter((p) => p.track);
  useEffect(() => {
    for (const p of audioPubs) {
      const el = audioEls.get(p.trackSid);
      if (el && p.track && !p.track.attachedElements.includes(el)) p.track.attach(el);
    }
    for (const el of audioEls.values()) {
      el.muted = muted;
      el.volume = volume;
    }
  });

  useEffect(() => {
    const pub = live.main;
    if (!pub) return;
    const q = { auto: VideoQuality.HIGH, high: VideoQuality.HIGH, medium: VideoQuality.MEDIUM, low: VideoQuality.LOW }[quality];
    pub.setVideoQuality(q);
    // A manual choice pins the layer; Auto hands the choice back to adaptive stream (the element's size).
    const full = pub.dimensions;
    const scale = { auto: 0, high: 1, medium: 0.5, low: 0.25 }[quality];
    if (full && scale) pub.setVideoDimensions({ width: Math.round(full.width * scale), height: Math.round(full.height * scale) });
    else if (mainEl) pub.setVideoDimensions({ width: mainEl.clientWidth, height: mainEl.clientHeight });
  }, [quality, live.main, mainEl]);

  async function unmute() {
    setMuted(false);
    await live.room?.startAudio().catch(() => undefined);
  }

  function fullscreen() {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void container.current?.requestFullscreen();
  }

  function onKey(e: KeyboardEvent<HTMLDivElement>) {
    if ((e.target as HTMLElement).tagName === "SELECT" || (e.target as HTMLElement).tagName === "INPUT") return;
    if (e.key === "f") fullscreen();
    else if (e.key === "m") {
      if (muted) void unmute();
      else setMuted(true);
    }
    else if (e.key === "t") onToggleTheater?.();
  }

  const waiting = phase === "host-away" && !live.hostSeen ? { title: "Waiting for the host's video…", sub: "The stream is live; video starts when the host connects" } : {};
  const gate = phase === "no-access" && live.refusal && GATES.has(live.refusal.code) ? live.refusal : null;
  const gateText = gate ? (gate.code === "TICKET_REQUIRED" ? { title: "This stream needs a ticket", sub: "Buy a ticket to watch and chat" } : { title: "This stream is for subscribers", sub: "Subscribe to watch and chat" }) : {};
  const overlay =
    phase === "live"
      ? null
      : { ...OVERLAY[phase], ...waiting, ...gateText, ...(phase === "starting-soon" && scheduledLabel ? { sub: scheduledLabel } : {}), ...(phase === "no-access" && live.message ? { sub: live.message } : {}) };

  return (
    <div
      ref={container}
      role="region"
      aria-label="Live video player"
      tabIndex={0}
      onKeyDown={onKey}
      data-testid="player"
      data-phase={phase}
      className="group relative aspect-video w-full overflow-hidden rounded-xl bg-black focus-visible:outline-offset-2"
    >
      {hlsSrc ? <HlsPlayer src={hlsSrc} muted={muted} controls={false} /> : <video ref={setMainEl} data-testid="player-video" data-player-main="" className="h-full w-full object-contain" hidden={staged} poster={phase === "banned" || phase === "no-access" ? undefined : (poster ?? undefined)} autoPlay playsInline muted />}
      {staged ? <StageGrid stage={arranged} /> : null}
      {live.pip && !staged ? <video ref={setPipEl} data-testid="player-pip" className="absolute bottom-14 right-3 w-1/4 rounded-lg border border-white/20 shadow-xl" autoPlay playsInline muted /> : null}
      {audioPubs.map((p) => (
        <audio
          key={p.trackSid}
          ref={(el) => {
            if (el && audioEls.get(p.trackSid) !== el) setAudioEls((m) => new Map(m).set(p.trackSid, el));
          }}
          autoPlay
          muted={muted}
        />
      ))}

      {overlay ? (
        <div className="absolute inset-0 grid place-items-center bg-black/70 text-center" data-testid="player-overlay">
          <div>
            {phase === "connecting" || phase === "host-away" || phase === "unlocking" || phase === "media-down" ? <div aria-hidden className="mx-auto mb-3 h-8 w-8 animate-spin rounded-full border-2 border-white/20 border-t-white" /> : null}
            <p className="text-xl font-semibold" role="status">
              {overlay.title}
            </p>
            {overlay.sub ? <p className="mt-1 text-sm text-muted">{overlay.sub}</p> : null}
            {gate ? <AccessOffer streamId={streamId} hostId={hostId} hostName={hostName} refusal={gate} /> : null}
            {phase === "ended" && fallback.recordingId ? (
              <a href={`/recordings/${fallback.recordingId}`} className="mt-4 inline-block rounded-lg bg-accent px-4 py-2 text-sm font-semibold text-white hover:opacity-90" data-testid="watch-recording">
                ▶ Watch the recording
              </a>
            ) : null}
          </div>
        </div>
      ) : null}

      {children}
      {live.reconnecting ? (
        <div className="absolute left-3 top-3 rounded bg-amber-600 px-2 py-1 text-xs font-semibold" role="status" data-testid="player-reconnecting">
          Reconnecting…
        </div>
      ) : null}

      {phase === "live" && muted && !live.reconnecting ? (
        <button type="button" onClick={() => void unmute()} className="absolute left-3 top-3 rounded-lg bg-black/75 px-3 py-2 text-sm font-semibold hover:bg-black" data-testid="unmute">
          🔇 Click to unmute
        </button>
      ) : null}

      {phase === "live" ? (
        <div className="absolute inset-x-0 bottom-0 flex items-center gap-3 bg-gradient-to-t from-black/90 to-transparent px-3 pb-2 pt-8 opacity-0 transition-opacity focus-within:opacity-100 group-hover:opacity-100">
          <span className="rounded bg-live px-1.5 py-0.5 text-xs font-bold uppercase">Live</span>
          {hlsSrc ? <span className="rounded bg-black/60 px-1.5 py-0.5 text-xs" title="WebRTC could not connect; playing the HLS rendition (a few seconds behind)">HLS</span> : null}
          <button type="button" aria-label={muted ? "Unmute" : "Mute"} onClick={() => (muted ? void unmute() : setMuted(true))} className="rounded px-2 py-1 hover:bg-white/10">
            {muted ? "🔇" : "🔊"}
          </button>
          <label className="sr-only" htmlFor={`vol-${streamId}`}>
            Volume
          </label>
          <input id={`vol-${streamId}`} type="range" min={0} max={1} step={0.05} value={volume} onChange={(e) => setVolume(Number(e.target.value))} className="w-24 accent-accent" />
          <div className="ml-auto flex items-center gap-2">
            <label className="sr-only" htmlFor={`q-${streamId}`}>
              Quality
            </label>
            <select id={`q-${streamId}`} value={quality} onChange={(e) => setQuality(e.target.value as QualityId)} className="rounded bg-black/60 px-2 py-1 text-xs" data-testid="quality">
              {QUALITY.map((q) => (
                <option key={q.id} value={q.id}>
                  {q.label}
                </option>
              ))}
            </select>
            {onToggleTheater ? (
              <button type="button" onClick={onToggleTheater} aria-pressed={theater} className="rounded px-2 py-1 text-xs hover:bg-white/10">
                {theater ? "Default view" : "Theater"}
              </button>
            ) : null}
            <button type="button" onClick={fullscreen} className="rounded px-2 py-1 text-xs hover:bg-white/10">
              Fullscreen
            </button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
