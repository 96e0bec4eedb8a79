import type { LocalTrack, Room } from "livekit-client";
import type { MediaToken } from "@/lib/media/schemas";

export type BroadcastOptions = { resolution?: { width: number; height: number; frameRate?: number } };

/**
 * The SDK's camera and microphone: opened by `startBroadcast`, published to the stream's LiveKit room when
 * the stream starts. livekit-client is imported on demand, so chat-only users never load it.
 */
export class Broadcast {
  private tracks: LocalTrack[] = [];
  private room: Room | null = null;

  get hasTracks(): boolean {
    return this.tracks.length > 0;
  }

  async start(videoElement?: HTMLVideoElement, options: BroadcastOptions = {}): Promise<MediaStream> {
    const { createLocalTracks } = await import("livekit-client");
    this.tracks = await createLocalTracks({ audio: { echoCancellation: true, noiseSuppression: true }, video: { resolution: options.resolution ?? { width: 1280, height: 720, frameRate: 30 } } });
    const video = this.tracks.find((t) => t.kind === "video");
    if (videoElement && video) video.attach(videoElement);
    return new MediaStream(this.tracks.map((t) => t.mediaStreamTrack));
  }

  stop(): void {
    for (const t of this.tracks) t.stop();
    this.tracks = [];
  }

  async publish(token: MediaToken): Promise<void> {
    const { Room, Track } = await import("livekit-client");
    const room = new Room({ dynacast: true });
    await room.connect(token.url, token.token);
    for (const t of this.tracks) await room.localParticipant.publishTrack(t, { source: t.kind === "video" ? Track.Source.Camera : Track.Source.Microphone, simulcast: t.kind === "video" });
    this.room = room;
  }

  async leave(): Promise<void> {
    await this.room?.disconnect();
    this.room = null;
  }
}
