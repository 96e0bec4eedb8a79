import { config } from "@/lib/config";
import type { PublishUrls } from "@/lib/streams/schemas";

/**
 * Where a host sends media: RTMP (any encoder; the key is the stream name), WebRTC (LiveKit, the browser
 * studio), WHIP (OBS 30+: the app's own endpoint, the key goes as the Bearer token, never in the URL), and
 * the HLS playlist.
 */
export function streamUrls(roomId: string, streamKey: string): PublishUrls {
  const cfg = config();
  const lk = cfg.livekitPublicUrl.replace(/\/$/, "");
  return {
    rtmp: `${cfg.RTMP_INGEST_URL.replace(/\/$/, "")}/${streamKey}`,
    webrtc: lk,
    whip: `${cfg.publicUrl}/api/ingest/whip`,
    hls: `${cfg.publicUrl}/hls/${roomId}/index.m3u8`,
  };
}
