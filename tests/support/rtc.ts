import { LocalVideoTrack, Room, TrackPublishOptions, TrackSource, VideoBufferType, VideoFrame, VideoSource } from "@livekit/rtc-node";

/** A participant in Node (LiveKit's rtc-node), for proving grants against the real SFU. */
export async function joinRoom(url: string, token: string): Promise<Room> {
  const room = new Room();
  await room.connect(url, token, { autoSubscribe: true, dynacast: false });
  return room;
}

/**
 * Publishes a small grey video track fed with frames every 50 ms (a camera unless told: a second camera is
 * `{ name: "camera-2" }`, a screen `{ source: TrackSource.SOURCE_SCREENSHARE }`; `luma` sets its brightness,
 * 16 black to 235 white); returns a stop function.
 */
export async function publishCamera(room: Room, opts: { name?: string; source?: TrackSource; luma?: number } = {}): Promise<() => void> {
  const [w, h] = [320, 240];
  const source = new VideoSource(w, h);
  const track = LocalVideoTrack.createVideoTrack(opts.name ?? "camera", source);
  await room.localParticipant?.publishTrack(track, new TrackPublishOptions({ source: opts.source ?? TrackSource.SOURCE_CAMERA, simulcast: false }));
  const data = new Uint8Array((w * h * 3) / 2).fill(128);
  data.fill(opts.luma ?? 128, 0, w * h);
  const timer = setInterval(() => source.captureFrame(new VideoFrame(data, w, h, VideoBufferType.I420)), 50);
  return () => clearInterval(timer);
}

export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms))]);
}
