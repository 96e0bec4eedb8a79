"use client";

import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { StreamView } from "@/lib/streams/schemas";
import { LiveStreamError } from "@/lib/client/api";
import { endpoints } from "@/lib/client/endpoints";
import { fetchStream, streamKeys } from "@/lib/query/streams";
import { formatDuration, formatViewerCount } from "@/lib/client/format";
import { QUALITY_PRESETS } from "@/lib/client/media/presets";
import { useBroadcast } from "@/components/studio/use-broadcast";
import { StreamKeyPanel } from "@/components/studio/stream-key-panel";
import { useHostSignals } from "@/components/studio/use-host-signals";
import { useStreamMetrics } from "@/components/studio/use-stream-metrics";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";
import { isOnAir } from "@/lib/streams/status";
import { DonationAlert } from "@/components/payments/donation-alert";
import { useDonationFeed } from "@/components/payments/use-donation-feed";
import { StudioStage } from "@/components/guests/studio-stage";

function Elapsed({ since }: { since: string | null }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  if (!since) return null;
  return <span data-testid="elapsed">{formatDuration((now - Date.parse(since)) / 1000)}</span>;
}

const selectClass = "w-full rounded-lg border border-border bg-bg px-3 py-2 text-sm";

/** The broadcaster studio: preview, devices, quality, go live / end, mic/camera/screen controls and live stats. */
export function Studio({ initial }: { initial: StreamView }) {
  const toast = useToast();
  const qc = useQueryClient();
  const { data: stream } = useQuery({ queryKey: streamKeys.detail(initial.id), queryFn: () => fetchStream(initial.id), initialData: initial, refetchInterval: 5000 });
  const b = useBroadcast(initial.id);
  const signals = useHostSignals();
  const preview = useRef<HTMLVideoElement>(null);
  const screenPreview = useRef<HTMLVideoElement>(null);
  const [busy, setBusy] = useState(false);
  const [withCamera, setWithCamera] = useState(true);

  useEffect(() => {
    const el = preview.current;
    if (!el || !b.camera) return;
    b.camera.attach(el);
    return () => void b.camera?.detach(el);
  }, [b.camera]);

  const screenVideo = b.screen?.find((t) => t.kind === "video");
  useEffect(() => {
    const el = screenPreview.current;
    if (!el || !screenVideo) return;
    screenVideo.attach(el);
    return () => void screenVideo.detach(el);
  }, [screenVideo]);

  useEffect(() => {
    if (b.error) toast.show(b.error, "error");
  }, [b.error, toast]);

  const onAir = isOnAir(stream.status);
  const connected = Boolean(b.room);
  useStreamMetrics(initial.id, b.stats, stream.status === "live");
  // The host sees tips on their own preview, as viewers see them on the player.
  const tips = useDonationFeed(initial.id, stream.features.donationsEnabled && stream.status !== "ended");

  async function goLive() {
    setBusy(true);
    try {
      if (stream.status === "scheduled") await endpoints.streams.act(stream.id, "start");
      if (stream.status === "paused") await endpoints.streams.act(stream.id, "resume");
      await b.connect();
      await qc.invalidateQueries({ queryKey: streamKeys.detail(stream.id) });
      toast.show("You are live!", "success");
    } catch (err) {
      toast.show(err instanceof LiveStreamError ? err.message : `Could not go live: ${String(err)}`, "error");
    } finally {
      setBusy(false);
    }
  }

  async function end() {
    if (!window.confirm("End the stream for everyone?")) return;
    setBusy(true);
    try {
      await endpoints.streams.act(stream.id, "end");
      await b.disconnect();
      await qc.invalidateQueries({ queryKey: streamKeys.all });
      toast.show("Stream ended", "success");
    } catch (err) {
      toast.show(err instanceof LiveStreamError ? err.message : "Could not end the stream", "error");
    } finally {
      setBusy(false);
    }
  }

  async function shareScreen() {
    try {
      if (b.screen) await b.stopScreenShare();
      else await b.startScreenShare(withCamera);
    } catch (err) {
      toast.show(`Screen share failed: ${err instanceof Error ? err.message : String(err)}`, "error");
    }
  }

  return (
    <div className="grid gap-6 lg:grid-cols-[1fr_320px]">
      <div className="flex min-w-0 flex-col gap-4">
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="min-w-0 flex-1 truncate text-2xl font-bold">{stream.title}</h1>
          {/* On air from this browser, or from OBS (the encoder's media put the stream live). */}
          {onAir ? (
            <span className="flex items-center gap-2 rounded-lg bg-live px-3 py-1 text-sm font-bold text-white" data-testid="studio-live">
              ● LIVE <Elapsed since={stream.startedAt} />
            </span>
          ) : (
            <span className="rounded-lg bg-surface-2 px-3 py-1 text-sm text-muted">{stream.status === "ended" ? "Ended" : "Offline"}</span>
          )}
          <span className="text-sm text-muted" data-testid="studio-viewers">
            {formatViewerCount(stream.analytics.currentViewers)} watching
          </span>
        </div>

        <div className="relative aspect-video overflow-hidden rounded-xl bg-black">
          {b.screen ? <video ref={screenPreview} className="h-full w-full object-contain" autoPlay playsInline muted /> : null}
          <video
            ref={preview}
            data-testid="studio-preview"
            className={b.screen ? "absolute bottom-3 right-3 w-1/4 rounded-lg border border-white/20" : "h-full w-full object-contain"}
            style={{ display: b.screen && (!withCamera || b.cameraOff) ? "none" : undefined }}
            autoPlay
            playsInline
            muted
          />
          {b.cameraOff && !b.screen ? <div className="absolute inset-0 grid place-items-center text-muted">Camera off</div> : null}
          {b.connectionLost || b.mediaDown ? (
            <div className="absolute left-3 top-3 rounded bg-amber-600 px-2 py-1 text-xs font-semibold" role="status" data-testid="studio-connection">
              {b.mediaDown ? "Media server unavailable — reconnecting…" : "Connection lost — reconnecting…"}
            </div>
          ) : null}
          <DonationAlert alerts={tips.alerts} onDone={tips.done} />
          <span hidden data-testid="tips-feed" data-ready={tips.ready ? "true" : "false"} />
        </div>

        <div className="flex flex-wrap gap-2">
          {stream.status === "ended" ? (
            <>
              <Link href="/dashboard" className="rounded-lg border border-border px-4 py-2 text-sm">
                Back to dashboard
              </Link>
              <Link href={`/dashboard/analytics/${stream.id}`} className="rounded-lg border border-border px-4 py-2 text-sm">
                Stream report
              </Link>
            </>
          ) : (
            <>
              {connected ? null : (
                <Button onClick={() => void goLive()} disabled={busy || !b.camera}>
                  {busy ? "Starting…" : onAir ? "Broadcast from this browser" : "Go live from this browser"}
                </Button>
              )}
              {onAir ? (
                <Button variant="danger" onClick={() => void end()} disabled={busy}>
                  End stream
                </Button>
              ) : null}
            </>
          )}
          <Button variant="secondary" onClick={() => void b.toggleMic()} aria-pressed={b.micMuted} disabled={!b.mic}>
            {b.micMuted ? "Unmute mic" : "Mute mic"}
          </Button>
          <Button variant="secondary" onClick={() => void b.toggleCamera()} aria-pressed={b.cameraOff} disabled={!b.camera}>
            {b.cameraOff ? "Camera on" : "Camera off"}
          </Button>
          <Button variant="secondary" onClick={() => void shareScreen()} disabled={!connected} aria-pressed={Boolean(b.screen)}>
            {b.screen ? "Stop sharing" : "Share screen"}
          </Button>
          <label className="flex items-center gap-2 text-sm text-muted">
            <input type="checkbox" checked={withCamera} onChange={(e) => setWithCamera(e.target.checked)} disabled={Boolean(b.screen)} className="accent-accent" />
            Camera picture-in-picture
          </label>
        </div>
      </div>

      <aside className="flex flex-col gap-4">
        <section aria-labelledby="devices" className="flex flex-col gap-3 rounded-xl border border-border bg-surface p-4">
          <h2 id="devices" className="font-semibold">
            Devices and quality
          </h2>
          <label className="text-sm">
            Camera
            <select className={selectClass} value={b.cameraId ?? ""} onChange={(e) => b.setCameraId(e.target.value || undefined)}>
              <option value="">Default</option>
              {b.devices.cameras.map((d) => (
                <option key={d.deviceId} value={d.deviceId}>
                  {d.label || "Camera"}
                </option>
              ))}
            </select>
          </label>
          <label className="text-sm">
            Microphone
            <select className={selectClass} value={b.micId ?? ""} onChange={(e) => b.setMicId(e.target.value || undefined)}>
              <option value="">Default</option>
              {b.devices.mics.map((d) => (
                <option key={d.deviceId} value={d.deviceId}>
                  {d.label || "Microphone"}
                </option>
              ))}
            </select>
          </label>
          <label className="text-sm">
            Quality
            <select className={selectClass} value={b.presetId} onChange={(e) => b.setPresetId(e.target.value)} data-testid="preset">
              {QUALITY_PRESETS.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.label} · {(p.main.maxBitrate / 1_000_000).toFixed(1)} Mbps · {p.simulcast.length + 1} layers
                </option>
              ))}
            </select>
          </label>
        </section>

        <section aria-labelledby="stats" className="rounded-xl border border-border bg-surface p-4" data-testid="stats">
          <h2 id="stats" className="mb-2 font-semibold">
            Connection
          </h2>
          {b.stats ? (
            <dl className="grid grid-cols-2 gap-y-1 text-sm">
              <dt className="text-muted">Bitrate</dt>
              <dd data-testid="stat-bitrate">{b.stats.bitrateKbps} kbps</dd>
              <dt className="text-muted">Resolution</dt>
              <dd>
                {b.stats.width}×{b.stats.height}
              </dd>
              <dt className="text-muted">Frame rate</dt>
              <dd>{b.stats.fps} fps</dd>
              <dt className="text-muted">Packet loss</dt>
              <dd>{b.stats.packetLoss}%</dd>
              <dt className="text-muted">Round trip</dt>
              <dd>{b.stats.rttMs === null ? "—" : `${b.stats.rttMs} ms`}</dd>
            </dl>
          ) : (
            <p className="text-sm text-muted">{connected ? "Measuring…" : "Go live to see connection stats."}</p>
          )}
        </section>

        {isOnAir(stream.status) ? <StudioStage streamId={stream.id} hostId={stream.host.id} room={b.room} initialLayout={stream.layout} me={stream.host.id} /> : null}

        {stream.status !== "ended" ? (
          <section aria-labelledby="obs" className="flex flex-col gap-2 rounded-xl border border-border bg-surface p-4">
            <h2 id="obs" className="font-semibold">
              Stream from OBS
            </h2>
            <StreamKeyPanel stream={stream} signal={signals[stream.id]} />
          </section>
        ) : null}
        <Link href={`/watch/${stream.id}`} className="text-sm text-accent hover:underline" target="_blank">
          Open the viewer page ↗
        </Link>
        <Link href={`/dashboard/analytics/${stream.id}`} className="text-sm text-accent hover:underline" target="_blank" data-testid="studio-analytics-link">
          Live analytics ↗
        </Link>
      </aside>
    </div>
  );
}
