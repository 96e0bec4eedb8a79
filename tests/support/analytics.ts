import { createHash, randomBytes } from "node:crypto";
import { AccessToken } from "livekit-server-sdk";
import { BASE, call, type TestUser } from "./http";
import type { Ok } from "./streams";
import type { ChannelAnalytics, StreamAnalytics } from "@/lib/analytics/schemas";

/** User-Agents of the scripted viewers' clients. */
export const UA = {
  iphone: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
  ipad: "Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
  linuxChrome: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
  windowsFirefox: "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:120.0) Gecko/20100101 Firefox/120.0",
};

export const streamAnalytics = (u: TestUser | null, id: string) => call<Ok<StreamAnalytics>>("GET", `/api/livestream/user/analytics/${id}`, u ? { token: u.token } : {});
export const channelAnalytics = (u: TestUser | null, query = "") => call<Ok<ChannelAnalytics>>("GET", `/api/livestream/user/analytics${query}`, u ? { token: u.token } : {});

/** A LiveKit webhook, signed as LiveKit signs it (the app's key and secret), posted to the real route. */
export async function livekitEvent(name: string, roomId: string, identity: string): Promise<number> {
  const body = JSON.stringify({ event: name, id: `EV_${randomBytes(8).toString("hex")}`, createdAt: String(Math.floor(Date.now() / 1000)), room: { name: roomId, sid: "RM_an" }, participant: { identity, sid: `PA_${identity}` } });
  const at = new AccessToken(process.env.LIVEKIT_API_KEY ?? "", process.env.LIVEKIT_API_SECRET ?? "");
  at.sha256 = createHash("sha256").update(body).digest("base64");
  const res = await fetch(`${BASE}/api/livekit/webhook`, { method: "POST", headers: { "Content-Type": "application/webhook+json", Authorization: await at.toJwt() }, body });
  await res.text();
  return res.status;
}
