import { AudioStream, Room, RoomEvent, TrackKind, TrackSource, VideoBufferType, VideoStream, type RemoteParticipant, type RemoteTrack, type RemoteTrackPublication, type VideoFrame } from "@livekit/rtc-node";
import { isHostMedia } from "@/lib/media/identities";
import { log } from "@/lib/logger";

export const SAMPLE_RATE = 48_000;
export const CHANNELS = 2;

export type Frame = { width: number; height: number; data: Uint8Array };

type Reader = { sid: string; source: TrackSource | undefined; stop: () => void };

/**
 * The host's media as the recorder sees it: the newest I420 video frame (screen share preferred over the
 * camera) and a queue of s16le PCM from the microphone. It joins the room as a hidden subscriber and follows
 * the host's tracks as they come and go (studio or encoder identity), so the encoder can run on its own clock.
 */
export class RoomMedia {
  private readonly room = new Room();
  private readonly videos = new Map<string, Reader & { latest: Frame | null }>();
  private audio: Reader | null = null;
  private pcm: Buffer[] = [];
  private pcmBytes = 0;
  private closing = false;
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

  /** The frame to write now: the preferred track's newest frame, or null before any arrived. */
  frame(): Frame | null {
    const all = [...this.videos.values()].filter((v) => v.latest);
    const pick = all.find((v) => v.source === TrackSource.SOURCE_SCREENSHARE) ?? all[0];
    return pick?.latest ?? null;
  }

  hasAudio(): boolean {
    return this.audio !== null;
  }

  /** Up to `bytes` of queued PCM (fewer when less is queued). */
  takePcm(bytes: number): Buffer {
    const out = Buffer.concat(this.pcm);
    const take = out.subarray(0, Math.min(bytes, out.length));
    const rest = out.subarray(take.length);
    this.pcm = rest.length ? [rest] : [];
    this.pcmBytes = rest.length;
    return take;
  }

  queuedPcm(): number {
    return this.pcmBytes;
  }

  /** Drops queued PCM beyond `bytes` (oldest first): audio that arrived faster than the clock. */
  trimPcm(bytes: number): void {
    if (this.pcmBytes > bytes) this.takePcm(this.pcmBytes - bytes);
  }

  private onTrack(track: RemoteTrack, pub: RemoteTrackPublication, p: RemoteParticipant): void {
    if (!isHostMedia(p.identity, this.hostId)) return;
    this.onHost();
    const sid = pub.sid ?? track.sid ?? "";
    if (track.kind === TrackKind.KIND_VIDEO) {
      const reader: Reader & { latest: Frame | null } = { sid, source: pub.source, latest: null, stop: () => undefined };
      this.videos.set(sid, reader);
      reader.stop = this.pump(new VideoStream(track), (ev: { frame: VideoFrame }) => {
        const f = ev.frame.type === VideoBufferType.I420 ? ev.frame : ev.frame.convert(VideoBufferType.I420);
        reader.latest = { width: f.width, height: f.height, data: f.data };
      });
    } else if (track.kind === TrackKind.KIND_AUDIO && pub.source !== TrackSource.SOURCE_SCREENSHARE_AUDIO) {
      this.audio?.stop();
      this.audio = { sid, source: pub.source, stop: () => undefined };
      this.audio.stop = this.pump(new AudioStream(track, SAMPLE_RATE, CHANNELS), (frame) => {
        const buf = Buffer.from(frame.data.buffer, frame.data.byteOffset, frame.data.byteLength);
        this.pcm.push(Buffer.from(buf));
        this.pcmBytes += buf.length;
      });
    }
  }

  private drop(sid: string): void {
    this.videos.get(sid)?.stop();
    this.videos.delete(sid);
    if (this.audio?.sid === sid) {
      this.audio.stop();
      this.audio = null;
    }
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
    this.audio?.stop();
    this.videos.clear();
    this.audio = null;
    await this.room.disconnect().catch(() => undefined);
  }
}
