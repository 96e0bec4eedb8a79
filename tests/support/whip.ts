import { randomBytes } from "node:crypto";
import { RoomServiceClient } from "livekit-server-sdk";

/**
 * A WHIP offer as an encoder sends it (sendonly H.264 + Opus, one bundle, ICE credentials and a DTLS
 * fingerprint), written out by hand: Node has no RTCPeerConnection. LiveKit parses and answers it, so the
 * session exists (a participant in the room) though no media ever flows; the browser test sends real media.
 */
export function whipOffer(): string {
  return whipOfferParts().sdp;
}

/** The offer with its ICE credentials, which trickle-ICE fragments (RFC 8840) must repeat. */
export function whipOfferParts(): { sdp: string; ufrag: string; pwd: string } {
  const ufrag = randomBytes(4).toString("hex");
  const pwd = randomBytes(12).toString("hex");
  const fp = Array.from(randomBytes(32), (b) => b.toString(16).padStart(2, "0").toUpperCase()).join(":");
  const common = [`c=IN IP4 0.0.0.0`, `a=ice-ufrag:${ufrag}`, `a=ice-pwd:${pwd}`, `a=ice-options:trickle`, `a=fingerprint:sha-256 ${fp}`, `a=setup:actpass`, `a=sendonly`, `a=rtcp-mux`];
  const sid = randomBytes(6).toString("hex");
  const sdp =
    [
      "v=0",
      `o=- ${Date.now()} 2 IN IP4 127.0.0.1`,
      "s=-",
      "t=0 0",
      "a=group:BUNDLE 0 1",
      "a=msid-semantic: WMS",
      "m=audio 9 UDP/TLS/RTP/SAVPF 111",
      ...common,
      "a=mid:0",
      `a=msid:${sid} a-${sid}`,
      "a=rtpmap:111 opus/48000/2",
      "a=fmtp:111 minptime=10;useinbandfec=1",
      `a=ssrc:${1000 + Math.floor(Math.random() * 1e6)} cname:${sid}`,
      "m=video 9 UDP/TLS/RTP/SAVPF 102",
      ...common,
      "a=mid:1",
      `a=msid:${sid} v-${sid}`,
      "a=rtpmap:102 H264/90000",
      "a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f",
      "a=rtcp-fb:102 nack",
      "a=rtcp-fb:102 nack pli",
      `a=ssrc:${2000000 + Math.floor(Math.random() * 1e6)} cname:${sid}`,
    ].join("\r\n") + "\r\n";
  return { sdp, ufrag, pwd };
}

/** A trickle-ICE fragment for the bundle (mid 0) with one host candidate. */
export function trickleFragment(ufrag: string, pwd: string): string {
  return [`a=ice-ufrag:${ufrag}`, `a=ice-pwd:${pwd}`, "m=audio 9 UDP/TLS/RTP/SAVPF 0", "a=mid:0", "a=candidate:1 1 udp 2130706431 127.0.0.1 40000 typ host", ""].join("\r\n");
}

/** LiveKit's room service, to see what reached the SFU (rooms, participants) without going through the app. */
export function livekitRooms(): RoomServiceClient {
  const url = (process.env.LIVEKIT_URL ?? "").replace(/^ws/, "http");
  return new RoomServiceClient(url, process.env.LIVEKIT_API_KEY ?? "", process.env.LIVEKIT_API_SECRET ?? "");
}

/** The identities in a room; none when the room does not exist. */
export async function identitiesIn(roomId: string): Promise<string[]> {
  const rooms = await livekitRooms().listRooms([roomId]);
  if (!rooms.length) return [];
  return (await livekitRooms().listParticipants(roomId)).map((p) => p.identity);
}

export async function roomExists(roomId: string): Promise<boolean> {
  return (await livekitRooms().listRooms([roomId])).length > 0;
}
