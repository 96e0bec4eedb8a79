import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { config } from "@/lib/config";

/**
 * Anonymous viewers' identities, issued by the server: `<id>-<mac>`, a random id (16 hex) and an HMAC of it
 * keyed from AUTH_SECRET. A browser gets one in a cookie and keeps it; presence counts it once however many
 * tabs it has, and its media token uses it as the LiveKit identity (`guest_<id>`). A client cannot pick an
 * id of its own, so counting a viewer takes a key the server issued and a connection that holds it.
 */
const PATTERN = /^([a-f0-9]{16})-([A-Za-z0-9_-]{22})$/;

let keyFor: { secret: string; key: Buffer } | undefined;

function macKey(): Buffer {
  const secret = config().AUTH_SECRET;
  if (keyFor?.secret !== secret) keyFor = { secret, key: createHmac("sha256", secret).update("streamhub viewer key").digest() };
  return keyFor.key;
}

function mac(id: string): string {
  return createHmac("sha256", macKey()).update(id).digest("base64url").slice(0, 22);
}

/** A new signed viewer key. */
export function issueViewerKey(): string {
  const id = randomBytes(8).toString("hex");
  return `${id}-${mac(id)}`;
}

/** The viewer id a signed key carries, or null when the key was not issued by this server. */
export function viewerIdOf(key: string | null | undefined): string | null {
  const m = key ? PATTERN.exec(key) : null;
  if (!m?.[1] || !m[2]) return null;
  const expected = Buffer.from(mac(m[1]));
  const given = Buffer.from(m[2]);
  // A copy: the match is a slice of the key, itself often a slice of a whole Cookie header (session cookie
  // included), and a slice keeps its parent alive as long as the id lives (in a viewer's socket, for hours).
  return expected.length === given.length && timingSafeEqual(expected, given) ? Buffer.from(m[1], "latin1").toString("latin1") : null;
}

/** The LiveKit identity of an anonymous viewer. */
export const guestIdentity = (viewerId: string) => `guest_${viewerId}`;
