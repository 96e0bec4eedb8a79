import "server-only";
import { RoomServiceClient } from "livekit-server-sdk";
import { config } from "@/lib/config";
import { processSingleton } from "@/lib/singleton";

/** LiveKit's HTTP API base, from the ws(s):// URL the SFU is configured with. */
export function livekitHttpUrl(): string {
  return config().LIVEKIT_URL.replace(/^ws/, "http");
}

export function roomService(): RoomServiceClient {
  return processSingleton("livekit.rooms", () => {
    const cfg = config();
    return new RoomServiceClient(livekitHttpUrl(), cfg.LIVEKIT_API_KEY, cfg.LIVEKIT_API_SECRET);
  });
}
