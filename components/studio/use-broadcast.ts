"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import {
  createLocalAudioTrack,
  createLocalScreenTracks,
  createLocalVideoTrack,
  DisconnectReason,
  LocalAudioTrack,
  LocalVideoTrack,
  Room,
  RoomEvent,
  Track,
  VideoPreset,
  type LocalTrack,
} from "livekit-client";
import { endpoints } from "@/lib/client/endpoints";
import { LiveStreamError } from "@/lib/client/api";
import { presetById, type Layer } from "@/lib/client/media/presets";

/**
 * `droppedFrames`: frames the source captured that no layer sent, since connecting (a running total, counted
 * per 2 s window against the layer that sent most; a window in which every layer is paused counts none).
 */
export type Stats = { bitrateKbps: number; fps: number; width: number; height: number; packetLoss: number; rttMs: number | null; droppedFrames: number };

/** Frames the track's source captured (WebRTC's media-source stats), or null where the browser has none. */
async function capturedFrames(track: LocalVideoTrack): Promise<number | null> {
  const report = await track.sender?.getStats().catch(() => null);
  let frames: number | null = null;
  report?.forEach((s: { type?: string; frames?: number }) => {
    if (s.type === "media-source" && typeof s.frames === "number") frames = s.frames;
  });
  return frames;
}

const toPreset = (l: Layer) => new VideoPreset(l.width, l.height, l.maxBitrate, l.fps);

/** Ways out of the room that another attempt would not undo: the host left, the stream ended, a newer tab took over, removal. */
const FINAL_DISCONNECTS = new Set<DisconnectReason>([DisconnectReason.CLIENT_INITIATED, DisconnectReason.ROOM_DELETED, DisconnectReason.DUPLICATE_IDENTITY, DisconnectReason.PARTICIPANT_REMOVED]);
/** Refusals of the media token that end the attempts (the stream is over, or the host may not publish). */
const FINAL_REFUSALS = new Set(["STREAM_ENDED", "STREAM_NOT_LIVE", "FORBIDDEN", "UNAUTHENTICATED", "NOT_FOUND"]);
const RECONNECT_MAX_MS = 5000;

/**
 * The broadcaster's media: camera and microphone preview with device choice, publishing to the stream's
 * LiveKit room with simulcast at the chosen preset, mute/camera toggles, screen share (with or without
 * the camera as picture-in-picture) and sender statistics read from WebRTC every two seconds.
 */
export function useBroadcast(streamId: string) {
  const [camera, setCamera] = useState<LocalVideoTrack | null>(null);
  const [mic, setMic] = useState<LocalAudioTrack | null>(null);
  const [screen, setScreen] = useState<LocalTrack[] | null>(null);
  const [room, setRoom] = useState<Room | null>(null);
  const [presetId, setPresetId] = useState("720p");
  const [devices, setDevices] = useState<{ cameras: MediaDeviceInfo[]; mics: MediaDeviceInfo[] }>({ cameras: [], mics: [] });
  const [cameraId, setCameraId] = useState<string | undefined>();
  const [micId, setMicId] = useState<string | undefined>();
  const [micMuted, setMicMuted] = useState(false);
  const [cameraOff, setCameraOff] = useState(false);
  const [stats, setStats] = useState<Stats | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [connectionLost, setConnectionLost] = useState(false);
  /** The media server is down or restarting (the token was refused with MEDIA_SERVER_UNAVAILABLE): still retrying. */
  const [mediaDown, setMediaDown] = useState(false);
  /** The host is broadcasting from this page: a connection that drops is made again until they stop. */
  const wanted = useRef(false);
  const retryTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  /** Schedules another attempt (set by the effect below, which knows `join`). */
  const rejoinSoon = useRef<(delayMs: number) => void>(() => undefined);
  const last = useRef<{ bytes: number; at: number } | null>(null);
  const frames = useRef<{ captured: number; sent: Record<string, number>; dropped: number }>({ captured: 0, sent: {}, dropped: 0 });

  // Preview: (re)create the camera track when the device or preset changes.
  useEffect(() => {
    let cancelled = false;
    let track: LocalVideoTrack | null = null;
    const p = presetById(presetId).main;
    createLocalVideoTrack({ deviceId: cameraId, resolution: { width: p.width, height: p.height, frameRate: p.fps } })
      .then((t) => {
        if (cancelled) return t.stop();
        track = t;
        setCamera(t);
        setError(null);
      })
      .catch((e: unknown) => setError(e instanceof Error ? `Camera unavailable: ${e.message}` : "Camera unavailable"));
    return () => {
      cancelled = true;
      track?.stop();
    };
  }, [cameraId, presetId]);

  useEffect(() => {
    let cancelled = false;
    let track: LocalAudioTrack | null = null;
    createLocalAudioTrack({ deviceId: micId, echoCancellation: true, noiseSuppression: true })
      .then((t) => {
        if (cancelled) return t.stop();
        track = t;
        setMic(t);
      })
      .catch((e: unknown) => setError(e instanceof Error ? `Microphone unavailable: ${e.message}` : "Microphone unavailable"));
    return () => {
      cancelled = true;
      track?.stop();
    };
  }, [micId]);

  useEffect(() => {
    if (!camera && !mic) return;
    void Promise.all([Room.getLocalDevices("videoinput"), Room.getLocalDevices("audioinput")]).then(([cameras, mics]) => setDevices({ cameras, mics }));
  }, [camera, mic]);

  // Publish whichever camera/mic track is current while connected; republish when the track changes.
  useEffect(() => {
    if (!room || !camera) return;
    const preset = presetById(presetId);
    const lp = room.localParticipant;
    void lp
      .publishTrack(camera, { source: Track.Source.Camera, simulcast: true, videoEncoding: { maxBitrate: preset.main.maxBitrate, maxFramerate: preset.main.fps }, videoSimulcastLayers: preset.simulcast.map(toPreset) })
      .catch((e: unknown) => setError(`Publishing the camera failed: ${String(e)}`));
    return () => {
      void lp.unpublishTrack(camera, false).catch(() => undefined);
    };
  }, [room, camera, presetId]);

  useEffect(() => {
    if (!room || !mic) return;
    const lp = room.localParticipant;
    void lp.publishTrack(mic, { source: Track.Source.Microphone, dtx: true, red: true }).catch((e: unknown) => setError(`Publishing the microphone failed: ${String(e)}`));
    return () => {
      void lp.unpublishTrack(mic, false).catch(() => undefined);
    };
  }, [room, mic]);

  // Sender statistics from WebRTC.
  useEffect(() => {
    if (!room) return;
    last.current = null;
    frames.current = { captured: 0, sent: {}, dropped: 0 };
    const timer = setInterval(async () => {
      const video = (screen?.find((t) => t.kind === Track.Kind.Video) as LocalVideoTrack | undefined) ?? camera;
      if (!video) return;
      const layers = await video.getSenderStats().catch(() => []);
      if (!layers.length) return;
      const top = layers.reduce((a, b) => (b.frameWidth > a.frameWidth ? b : a));
      const bytes = layers.reduce((n, l) => n + (l.bytesSent ?? 0), 0);
      const now = performance.now();
      const prev = last.current;
      last.current = { bytes, at: now };
      const sent = layers.reduce((n, l) => n + (l.packetsSent ?? 0), 0);
      const lost = layers.reduce((n, l) => n + (l.packetsLost ?? 0), 0);
      const captured = await capturedFrames(video);
      const f = frames.current;
      const sentDelta = Math.max(0, ...layers.map((l) => (l.framesSent ?? 0) - (f.sent[l.rid] ?? 0)));
      if (captured !== null && f.captured > 0 && sentDelta > 0) f.dropped += Math.max(0, captured - f.captured - sentDelta);
      frames.current = { captured: captured ?? 0, sent: Object.fromEntries(layers.map((l) => [l.rid, l.framesSent ?? 0])), dropped: f.dropped };
      setStats({
        droppedFrames: f.dropped,
        bitrateKbps: prev ? Math.round(((bytes - prev.bytes) * 8) / (now - prev.at)) : 0,
        fps: Math.round(top.framesPerSecond ?? 0),
        width: top.frameWidth ?? 0,
        height: top.frameHeight ?? 0,
        packetLoss: sent ? Math.round((lost / (sent + lost)) * 1000) / 10 : 0,
        rttMs: top.roundTripTime !== undefined ? Math.round(top.roundTripTime * 1000) : null,
      });
    }, 2000);
    return () => clearInterval(timer);
  }, [room, camera, screen]);

  const join = useCallback(async (): Promise<Room> => {
    const tok = await endpoints.streams.mediaToken(streamId);
    // The studio owns its camera and microphone (made before going live, republished into each new room):
    // livekit-client must not stop them when it gives up a room, or the rejoin would publish dead tracks,
    // a black picture (seen after LiveKit was down longer than livekit-client's own reconnection).
    const r = new Room({ adaptiveStream: false, dynacast: true, stopLocalTrackOnUnpublish: false });
    r.on(RoomEvent.SignalReconnecting, () => setConnectionLost(true))
      .on(RoomEvent.Reconnecting, () => setConnectionLost(true))
      .on(RoomEvent.Reconnected, () => setConnectionLost(false))
      .on(RoomEvent.Disconnected, (reason) => {
        setRoom(null);
        // livekit-client gave up its own reconnection (the SFU restarted, or was gone too long): start again
        // with a fresh token, which also makes the room again if the SFU lost it.
        if (reason !== undefined && FINAL_DISCONNECTS.has(reason)) return setConnectionLost(false);
        setConnectionLost(true);
        if (wanted.current) rejoinSoon.current(1000);
      });
    try {
      await r.connect(tok.url, tok.token);
    } catch (err) {
      void r.disconnect();
      throw err;
    }
    setConnectionLost(false);
    setMediaDown(false);
    setRoom(r);
    return r;
  }, [streamId]);

  // Tries again until connected, the host stops, or the token is refused for good; every few seconds at most.
  useEffect(() => {
    const again = (delayMs: number) => {
      clearTimeout(retryTimer.current);
      retryTimer.current = setTimeout(() => {
        if (!wanted.current) return;
        join().catch((err: unknown) => {
          const code = err instanceof LiveStreamError ? err.code : null;
          setMediaDown(code === "MEDIA_SERVER_UNAVAILABLE");
          if (code && FINAL_REFUSALS.has(code)) {
            wanted.current = false;
            setConnectionLost(false);
            return;
          }
          again(Math.min(delayMs * 2, RECONNECT_MAX_MS));
        });
      }, delayMs);
    };
    rejoinSoon.current = again;
    return () => clearTimeout(retryTimer.current);
  }, [join]);

  const connect = useCallback(async () => {
    wanted.current = true;
    try {
      return await join();
    } catch (err) {
      wanted.current = false;
      clearTimeout(retryTimer.current);
      throw err;
    }
  }, [join]);

  const disconnect = useCallback(async () => {
    wanted.current = false;
    clearTimeout(retryTimer.current);
    await room?.disconnect();
    setRoom(null);
    setScreen(null);
    setConnectionLost(false);
    setMediaDown(false);
  }, [room]);

  const toggleMic = useCallback(async () => {
    if (!mic) return;
    if (mic.isMuted) await mic.unmute();
    else await mic.mute();
    setMicMuted(mic.isMuted);
  }, [mic]);

  const toggleCamera = useCallback(async () => {
    if (!camera) return;
    if (camera.isMuted) await camera.unmute();
    else await camera.mute();
    setCameraOff(camera.isMuted);
  }, [camera]);

  const startScreenShare = useCallback(
    async (withCamera: boolean) => {
      if (!room) return;
      const tracks = await createLocalScreenTracks({ audio: true, resolution: { width: 1920, height: 1080, frameRate: 15 } });
      for (const t of tracks) {
        await room.localParticipant.publishTrack(t, { source: t.kind === Track.Kind.Video ? Track.Source.ScreenShare : Track.Source.ScreenShareAudio, simulcast: t.kind === Track.Kind.Video });
      }
      if (!withCamera && camera && !camera.isMuted) {
        await camera.mute();
        setCameraOff(true);
      }
      setScreen(tracks);
    },
    [room, camera],
  );

  const stopScreenShare = useCallback(async () => {
    if (!screen) return;
    for (const t of screen) {
      await room?.localParticipant.unpublishTrack(t, true).catch(() => undefined);
      t.stop();
    }
    setScreen(null);
  }, [room, screen]);

  // The browser's own "Stop sharing" ends the track: unpublish it too.
  useEffect(() => {
    const video = screen?.find((t) => t.kind === Track.Kind.Video);
    if (!video) return;
    const onEnded = () => void stopScreenShare();
    video.mediaStreamTrack.addEventListener("ended", onEnded);
    return () => video.mediaStreamTrack.removeEventListener("ended", onEnded);
  }, [screen, stopScreenShare]);

  return {
    camera, mic, screen, room, presetId, setPresetId, devices, cameraId, setCameraId, micId, setMicId,
    micMuted, cameraOff, stats: room ? stats : null, error, connectionLost, mediaDown, connect, disconnect, toggleMic, toggleCamera, startScreenShare, stopScreenShare,
  };
}
