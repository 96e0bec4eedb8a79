import { config } from "@/lib/config";
import type { PublishUrls } from "@/lib/streams/schemas";

/** Where a host sends media: RTMP (OBS), WebRTC (LiveKit, the browser studio), WHIP, and the HLS playlist. */
export function streamUrls(roomId: string, streamKey: string): PublishUrls {
  const cfg = config();
  const lk = cfg.livekitPublicUrl.replace(/\/$/, "");
  return {
    rtmp: `${cfg.RTMP_INGEST_URL.replace(/\/$/, "")}/${streamKey}`,
    webrtc: lk,
    whip: `${lk.replace(/^ws/, "http")}/whip/v1`,
    hls: `${cfg.publicUrl}/hls/${roomId}/index.m3u8`,
  };
}
