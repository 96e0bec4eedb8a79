import { AudioFrame, DisconnectReason, AudioSource, LocalAudioTrack, LocalVideoTrack, Room, RoomEvent, TrackPublishOptions, TrackSource, VideoBufferType, VideoFrame, VideoSource } from "@livekit/rtc-node";

export const AUDIO_RATE = 48_000;
export const AUDIO_CHANNELS = 2;
/** 10 ms of interleaved s16 PCM, the unit WebRTC's audio pipeline works in. */
const AUDIO_FRAME_SAMPLES = AUDIO_RATE / 100;
const AUDIO_FRAME_BYTES = AUDIO_FRAME_SAMPLES * AUDIO_CHANNELS * 2;
/**
 * Audio queued beyond this is dropped: on play the RTMP server first sends the current GOP (up to a few
 * seconds of it at once); video just catches up, but queued audio would lag the picture for good.
 */
const MAX_AUDIO_QUEUE_MS = 120;

/** Bitrate of the top simulcast layer for a picture size (LiveKit derives the lower layers). */
function topBitrate(width: number, height: number): bigint {
  const px = width * height;
  return BigInt(px >= 1280 * 720 ? 2_500_000 : px >= 640 * 360 ? 1_000_000 : 500_000);
}

/**
 * One encoder's media in a LiveKit room through @livekit/rtc-node: raw I420 pictures and PCM in, a simulcast
 * camera track and a microphone track out, published under the encoder's identity.
 */
export class RoomPublisher {
  readonly room = new Room();
  private video: VideoSource | null = null;
  private size = { width: 0, height: 0 };
  private audio: AudioSource | null = null;
  private pcm: Buffer = Buffer.alloc(0);
  private audioBusy: Promise<void> = Promise.resolve();
  frames = 0;

  /** `onGone` hears why LiveKit let the encoder go: another of its connections took the identity, the room closed… */
  async connect(url: string, token: string, onGone: (reason: DisconnectReason) => void): Promise<void> {
    this.room.on(RoomEvent.Disconnected, onGone);
    await this.room.connect(url, token, { autoSubscribe: false, dynacast: true });
  }

  async publishVideo(width: number, height: number): Promise<void> {
    this.size = { width, height };
    this.video = new VideoSource(width, height);
    const track = LocalVideoTrack.createVideoTrack("rtmp-video", this.video);
    const opts = new TrackPublishOptions({ source: TrackSource.SOURCE_CAMERA, simulcast: true, videoEncoding: { maxBitrate: topBitrate(width, height), maxFramerate: 30 } });
    await this.room.localParticipant?.publishTrack(track, opts);
  }

  async publishAudio(): Promise<void> {
    this.audio = new AudioSource(AUDIO_RATE, AUDIO_CHANNELS, 200);
    const track = LocalAudioTrack.createAudioTrack("rtmp-audio", this.audio);
    await this.room.localParticipant?.publishTrack(track, new TrackPublishOptions({ source: TrackSource.SOURCE_MICROPHONE }));
  }

  pushVideo(i420: Buffer): void {
    if (!this.video) return;
    this.video.captureFrame(new VideoFrame(new Uint8Array(i420.buffer, i420.byteOffset, i420.byteLength), this.size.width, this.size.height, VideoBufferType.I420));
    this.frames++;
  }

  /** Interleaved s16le PCM (48 kHz stereo), cut into 10 ms frames; captured one after another. */
  pushAudio(chunk: Buffer): void {
    if (!this.audio) return;
    this.pcm = this.pcm.length ? Buffer.concat([this.pcm, chunk]) : chunk;
    const whole = this.pcm.length - (this.pcm.length % AUDIO_FRAME_BYTES);
    if (!whole) return;
    const ready = Buffer.from(this.pcm.subarray(0, whole));
    this.pcm = this.pcm.subarray(whole);
    const source = this.audio;
    this.audioBusy = this.audioBusy.then(async () => {
      for (let off = 0; off < ready.length; off += AUDIO_FRAME_BYTES) {
        if (source.closed || source.queuedDuration > MAX_AUDIO_QUEUE_MS) continue;
        const samples = new Int16Array(ready.buffer, ready.byteOffset + off, AUDIO_FRAME_BYTES / 2);
        await source.captureFrame(new AudioFrame(samples, AUDIO_RATE, AUDIO_CHANNELS, AUDIO_FRAME_SAMPLES)).catch(() => undefined);
      }
    });
  }

  /** Leaves the room (LiveKit tells everyone at once) and frees the sources. */
  async close(): Promise<void> {
    await this.room.disconnect().catch(() => undefined);
    await this.video?.close().catch(() => undefined);
    await this.audio?.close().catch(() => undefined);
    this.video = null;
    this.audio = null;
  }
}
