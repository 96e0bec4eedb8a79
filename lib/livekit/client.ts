import { RoomServiceClient } from "livekit-server-sdk";
import { config } from "@/lib/config";

/** LiveKit's HTTP API base, from the ws(s):// URL the SFU is configured with. */
export function livekitHttpUrl(): string {
  return config().LIVEKIT_URL.replace(/^ws/, "http");
}

const g = globalThis as typeof globalThis & { __streamhubRooms?: RoomServiceClient };

export function roomService(): RoomServiceClient {
  const cfg = config();
  g.__streamhubRooms ??= new RoomServiceClient(livekitHttpUrl(), cfg.LIVEKIT_API_KEY, cfg.LIVEKIT_API_SECRET);
  return g.__streamhubRooms;
}
