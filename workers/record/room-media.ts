import { AudioStream, Room, RoomEvent, TrackKind, TrackSource, VideoBufferType, VideoStream, type RemoteParticipant, type RemoteTrack, type RemoteTrackPublication, type VideoFrame } from "@livekit/rtc-node";
import { isHostMedia, screenTile, SECOND_CAMERA, secondCameraTile } from "@/lib/media/identities";
import { arrangeStage, DEFAULT_STAGE_LAYOUT, isStaged, type Tile } from "@/lib/guests/stage-layout";
import type { Layout } from "@/lib/guests/schemas";
import { log } from "@/lib/logger";
import { compose, layoutRects } from "@/workers/record/compose";

export const SAMPLE_RATE = 48_000;
export const CHANNELS = 2;

export type Frame = { width: number; height: number; data: Uint8Array };

type Reader = { sid: string; source: TrackSource | undefined; stop: () => void };
type VideoReader = Reader & { latest: Frame | null; tile: Omit<Tile, "media"> };
type AudioReader = Reader & { pcm: Buffer[]; bytes: number };

/** The stage is composed this size (ffmpeg scales it to the output box): small enough to draw in JavaScript. */
const STAGE_W = 640;
const STAGE_H = 360;
const MIN_COMPOSE_MS = 33;

/**
 * The stage as the recorder sees it: the newest I420 video frame, and s16le PCM mixed from every microphone
 * on stage. Alone, the host's picture passes through (screen share preferred over the camera); with guests
 * or a second camera on screen, the tiles are composed in the host's layout, as viewers see them. It joins
 * the room as a hidden subscriber and follows the tracks as they come and go (the host under the studio or
 * encoder identity; anyone else publishing is a guest: nobody else may), so the encoder runs on its own clock.
 */
export class RoomMedia {
  private readonly room = new Room();
  private readonly videos = new Map<string, VideoReader>();
  private readonly audios = new Map<string, AudioReader>();
  private closing = false;
  private layout: Layout = DEFAULT_STAGE_LAYOUT;
  private lastSeen = "";
  /** The last composed picture and what it was made from (tile keys and frames), so an unchanged stage is not redrawn. */
  private composed: { frame: Frame; from: string; inputs: (Frame | null)[]; at: number } | null = null;
  /** Resolves when the room drops the recorder (deleted at the end, or the SFU gone), not when we leave. */
  readonly disconnected: Promise<void>;
  private onDisconnect: () => void = () => undefined;
  /** Resolves when the first of the host's tracks is subscribed: until then there is nothing to encode. */
  readonly hostArrived: Promise<void>;
  private onHost: () => void = () => undefined;

  constructor(private readonly hostId: string) {
    this.disconnected = new Promise((resolve) => (this.onDisconnect = resolve));
    this.hostArrived = new Promise((resolve) => (this.onHost = resolve));
  }

  async connect(url: string, token: string): Promise<void> {
    this.room.on(RoomEvent.Disconnected, () => {
      if (!this.closing) this.onDisconnect();
    });
    this.room.on(RoomEvent.TrackSubscribed, (track: RemoteTrack, pub: RemoteTrackPublication, p: RemoteParticipant) => this.onTrack(track, pub, p));
    this.room.on(RoomEvent.TrackUnsubscribed, (_track: RemoteTrack, pub: RemoteTrackPublication) => this.drop(pub.sid ?? ""));
    await this.room.connect(url, token, { autoSubscribe: true, dynacast: false });
  }

  /** The host's layout (the record job reads it from the stream): the next frame follows it. */
  setLayout(layout: Layout): void {
    this.layout = layout;
  }

  /** The frame to write now: the host's picture alone, or the stage composed; null before any frame arrived. */
  frame(): Frame | null {
    const tiles = [...this.videos.values()].filter((v) => v.latest).map((v): Tile<VideoReader> => ({ ...v.tile, media: v }));
    const stage = arrangeStage(tiles, this.layout);
    const seen = `${this.layout.mode}|${this.layout.cameras.join("+")}|${tiles.map((t) => t.key).join(",")}|${[stage.primary, ...stage.others].map((t) => t?.key).join(",")}`;
    if (seen !== this.lastSeen) {
      this.lastSeen = seen;
      log.info("recorder stage", { hostId: this.hostId, seen, videos: [...this.videos.values()].map((v) => `${v.sid}:${v.tile.key}:${v.latest ? "frames" : "none"}`) });
    }
    if (!isStaged(stage)) return stage.primary?.media.latest ?? null;
    const order = [stage.primary, ...stage.others].filter((t): t is Tile<VideoReader> => t !== null);
    const from = `${stage.mode}|${order.map((t) => t.key).join(",")}`;
    const inputs = order.map((t) => t.media.latest);
    const c = this.composed;
    const same = c && c.from === from && c.inputs.every((f, i) => f === inputs[i]);
    if (c && (same || Date.now() - c.at < MIN_COMPOSE_MS)) return c.frame;
    const rects = layoutRects(stage.mode, order.length, STAGE_W, STAGE_H);
    const frame = compose(STAGE_W, STAGE_H, order.flatMap((t, i) => (t.media.latest && rects[i] ? [{ frame: t.media.latest, rect: rects[i] }] : [])));
    this.composed = { frame, from, inputs, at: Date.now() };
    return frame;
  }

  hasAudio(): boolean {
    return this.audios.size > 0;
  }

  /** Up to `bytes` of PCM mixed from every microphone's queue (fewer when less is queued anywhere). */
  takePcm(bytes: number): Buffer {
    const n = Math.min(bytes, this.queuedPcm()) & ~1;
    const mix = new Int32Array(n / 2);
    for (const a of this.audios.values()) {
      const chunk = takeFrom(a, n);
      for (let i = 0; i + 1 < chunk.length; i += 2) mix[i / 2]! += chunk.readInt16LE(i);
    }
    const out = Buffer.allocUnsafe(n);
    for (let i = 0; i < mix.length; i++) out.writeInt16LE(Math.max(-32768, Math.min(32767, mix[i]!)), i * 2);
    return out;
  }

  /** The longest queue: the mix is as long as the microphone furthest ahead (the others count as silence). */
  queuedPcm(): number {
    return Math.max(0, ...[...this.audios.values()].map((a) => a.bytes));
  }

  /** Drops queued PCM beyond `bytes` (oldest first), per microphone: audio that arrived faster than the clock. */
  trimPcm(bytes: number): void {
    for (const a of this.audios.values()) if (a.bytes > bytes) takeFrom(a, a.bytes - bytes);
  }

  private onTrack(track: RemoteTrack, pub: RemoteTrackPublication, p: RemoteParticipant): void {
    const host = isHostMedia(p.identity, this.hostId);
    if (host) this.onHost();
    const sid = pub.sid ?? track.sid ?? "";
    if (track.kind === TrackKind.KIND_VIDEO) {
      const who = host ? this.hostId : p.identity;
      const source = pub.source === TrackSource.SOURCE_SCREENSHARE ? "screen" : pub.name === SECOND_CAMERA ? "camera-2" : "camera";
      const key = source === "screen" ? screenTile(who) : source === "camera-2" ? secondCameraTile(who) : who;
      const reader: VideoReader = { sid, source: pub.source, latest: null, stop: () => undefined, tile: { key, identity: who, host, source } };
      this.videos.set(sid, reader);
      reader.stop = this.pump(new VideoStream(track), (ev: { frame: VideoFrame }) => {
        const f = ev.frame.type === VideoBufferType.I420 ? ev.frame : ev.frame.convert(VideoBufferType.I420);
        reader.latest = { width: f.width, height: f.height, data: f.data };
      });
    } else if (track.kind === TrackKind.KIND_AUDIO && pub.source !== TrackSource.SOURCE_SCREENSHARE_AUDIO) {
      const a: AudioReader = { sid, source: pub.source, stop: () => undefined, pcm: [], bytes: 0 };
      this.audios.get(sid)?.stop();
      this.audios.set(sid, a);
      a.stop = this.pump(new AudioStream(track, SAMPLE_RATE, CHANNELS), (frame) => {
        const buf = Buffer.from(frame.data.buffer, frame.data.byteOffset, frame.data.byteLength);
        a.pcm.push(Buffer.from(buf));
        a.bytes += buf.length;
      });
    }
  }

  private drop(sid: string): void {
    this.videos.get(sid)?.stop();
    this.videos.delete(sid);
    this.audios.get(sid)?.stop();
    this.audios.delete(sid);
  }

  /** Reads a track's stream until it ends; returns what stops it. */
  private pump<T>(stream: ReadableStream<T>, onItem: (item: T) => void): () => void {
    const reader = stream.getReader();
    void (async () => {
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          onItem(value);
        }
      } catch (err) {
        log.warn("recorder track reader ended", { err: String(err) });
      }
    })();
    return () => void reader.cancel().catch(() => undefined);
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const v of this.videos.values()) v.stop();
    for (const a of this.audios.values()) a.stop();
    this.videos.clear();
    this.audios.clear();
    await this.room.disconnect().catch(() => undefined);
  }
}

/** Takes up to `bytes` from one microphone's queue. */
function takeFrom(a: AudioReader, bytes: number): Buffer {
  const all = Buffer.concat(a.pcm);
  const take = all.subarray(0, Math.min(bytes, all.length));
  const rest = all.subarray(take.length);
  a.pcm = rest.length ? [rest] : [];
  a.bytes = rest.length;
  return take;
}
