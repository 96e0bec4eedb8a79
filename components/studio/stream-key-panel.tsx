"use client";

import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { LiveStreamError } from "@/lib/client/api";
import { endpoints } from "@/lib/client/endpoints";
import type { StreamKeyInfo, StreamView } from "@/lib/streams/schemas";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";
import { CopyField, ObsSettings, type IngestPath } from "@/components/studio/obs-settings";
import type { EncoderSignal } from "@/components/studio/use-host-signals";

type EncoderState = "waiting" | "connected" | "live" | "reconnecting" | "paused";

/** Where the stream's media stand, from its status and the last media event the host's socket heard. */
function encoderState(status: StreamView["status"], signal: EncoderSignal | undefined): EncoderState {
  if (status === "paused") return "paused";
  if (status === "live") return signal === "reconnecting" ? "reconnecting" : "live";
  return signal === "connected" ? "connected" : "waiting";
}

const STATE_TEXT: Record<EncoderState, { title: string; sub: string; dot: string }> = {
  waiting: { title: "Waiting for your encoder…", sub: "Start streaming in OBS: this stream goes live by itself as soon as your video arrives.", dot: "bg-muted animate-pulse" },
  connected: { title: "Encoder connected", sub: "Receiving your video; going live…", dot: "bg-amber-400" },
  live: { title: "Live", sub: "The stream is on air. Stopping OBS leaves viewers a short “reconnecting” wait before it ends; or end it here.", dot: "bg-live" },
  reconnecting: { title: "Encoder disconnected: reconnecting…", sub: "Viewers see “reconnecting”. The stream ends if your encoder is not back within the grace period.", dot: "bg-amber-400 animate-pulse" },
  paused: { title: "Paused", sub: "Viewers see a pause screen until you resume.", dot: "bg-amber-400" },
};

export function EncoderStatus({ status, signal }: { status: StreamView["status"]; signal?: EncoderSignal }) {
  const state = encoderState(status, signal);
  const t = STATE_TEXT[state];
  return (
    <div className="flex items-start gap-3 rounded-lg border border-border bg-bg p-3" role="status" aria-live="polite" data-testid="encoder-status" data-state={state}>
      <span className={`mt-1.5 h-2.5 w-2.5 shrink-0 rounded-full ${t.dot}`} aria-hidden />
      <div>
        <p className="text-sm font-semibold">{t.title}</p>
        <p className="text-xs text-muted">{t.sub}</p>
      </div>
    </div>
  );
}

const PATHS: { id: IngestPath; label: string; hint: string }[] = [
  { id: "whip", label: "WHIP", hint: "OBS 30+, lowest delay" },
  { id: "rtmp", label: "RTMP", hint: "any encoder" },
];

/** The two ingest paths as tabs (arrow keys move between them, as WAI-ARIA's tab pattern has it). */
function PathTabs({ path, onChange, idPrefix }: { path: IngestPath; onChange: (p: IngestPath) => void; idPrefix: string }) {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const onKey = (e: KeyboardEvent, i: number) => {
    const step = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
    if (!step) return;
    e.preventDefault();
    const next = (i + step + PATHS.length) % PATHS.length;
    onChange(PATHS[next]?.id ?? "whip");
    refs.current[next]?.focus();
  };
  return (
    <div role="tablist" aria-label="Ingest protocol" className="grid grid-cols-2 gap-1 rounded-lg bg-bg p-1">
      {PATHS.map((p, i) => (
        <button
          key={p.id}
          ref={(el) => void (refs.current[i] = el)}
          type="button"
          role="tab"
          id={`${idPrefix}-tab-${p.id}`}
          aria-selected={path === p.id}
          aria-controls={`${idPrefix}-panel`}
          tabIndex={path === p.id ? 0 : -1}
          onClick={() => onChange(p.id)}
          onKeyDown={(e) => onKey(e, i)}
          className={`rounded-md px-3 py-1.5 text-left text-sm transition-colors focus-visible:outline focus-visible:outline-2 focus-visible:outline-accent ${path === p.id ? "bg-surface-2 font-semibold text-fg" : "text-muted hover:text-fg"}`}
        >
          {p.label} <span className="block text-xs font-normal text-muted">{p.hint}</span>
        </button>
      ))}
    </div>
  );
}

/**
 * Streaming from OBS: the stream's media state ("waiting for your encoder" until the video arrives), and for
 * each ingest path the server URL, the key (hidden until revealed) with copy buttons and the OBS settings
 * that work; plus key rotation, which cuts the encoder using the old key off at once.
 */
export function StreamKeyPanel({ stream, signal }: { stream: StreamView; signal?: EncoderSignal }) {
  const toast = useToast();
  const [info, setInfo] = useState<StreamKeyInfo | null>(null);
  const [failed, setFailed] = useState(false);
  const [revealed, setRevealed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [path, setPath] = useState<IngestPath>("whip");

  useEffect(() => {
    let cancelled = false;
    endpoints.streams
      .key(stream.id)
      .then((d) => !cancelled && setInfo(d))
      .catch(() => !cancelled && setFailed(true));
    return () => {
      cancelled = true;
    };
  }, [stream.id]);

  async function rotate() {
    if (!window.confirm("Rotate the stream key? An encoder streaming with the old key is disconnected at once, and the old key stops working.")) return;
    setBusy(true);
    try {
      setInfo(await endpoints.streams.rotateKey(stream.id));
      setRevealed(false);
      toast.show("New stream key issued; the old one no longer works", "success");
    } catch (err) {
      toast.show(err instanceof LiveStreamError ? err.message : "Could not rotate the key", "error");
    } finally {
      setBusy(false);
    }
  }

  const idPrefix = `ingest-${stream.id}`;
  const rtmpServer = info ? info.urls.rtmp.slice(0, info.urls.rtmp.lastIndexOf("/")) : "";
  return (
    <div className="flex flex-col gap-3" data-testid="key-panel">
      <EncoderStatus status={stream.status} signal={signal} />
      <PathTabs path={path} onChange={setPath} idPrefix={idPrefix} />
      <div role="tabpanel" id={`${idPrefix}-panel`} aria-labelledby={`${idPrefix}-tab-${path}`} className="flex flex-col gap-3">
        {info ? (
          <>
            <CopyField label="Server" value={path === "whip" ? info.urls.whip : rtmpServer} testId={`${path}-server`} />
            <CopyField label={path === "whip" ? "Bearer token" : "Stream key"} value={info.streamKey} secret revealed={revealed} onToggle={() => setRevealed((v) => !v)} testId="stream-key" />
          </>
        ) : (
          <p className="text-sm text-muted" aria-busy={!failed}>
            {failed ? "Could not load the stream key." : "Loading the stream key…"}
          </p>
        )}
        <details className="rounded-lg border border-border bg-bg p-3">
          <summary className="cursor-pointer text-sm font-medium">OBS settings for {path === "whip" ? "WHIP" : "RTMP"}</summary>
          <div className="mt-2">
            <ObsSettings path={path} quality={stream.quality} />
          </div>
        </details>
      </div>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-xs text-muted">Keep the key secret: anyone with it can stream to your channel.</p>
        <Button variant="secondary" onClick={() => void rotate()} disabled={busy || !info}>
          {busy ? "Rotating…" : "Rotate key"}
        </Button>
      </div>
    </div>
  );
}
