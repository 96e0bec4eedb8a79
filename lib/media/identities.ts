/**
 * LiveKit identities of the media the platform itself puts in a room. An encoder (OBS over WHIP or RTMP)
 * publishes as the host's *encoder* identity, not the host's own, so the host can keep the studio open (as
 * the host identity) for chat without one kicking the other out of the room. Shared with the browser: the
 * player looks for the host's media under either identity.
 */
const ENCODER_SUFFIX = ":encoder";
const RECORDER_PREFIX = "recorder:";

export function encoderIdentity(hostId: string): string {
  return `${hostId}${ENCODER_SUFFIX}`;
}

/** The hidden, subscribe-only participant that records a stream (one per stream). */
export function recorderIdentity(streamId: string): string {
  return `${RECORDER_PREFIX}${streamId}`;
}

/** Whether a participant carries the host's media: the host in the studio, or the host's encoder. */
export function isHostMedia(identity: string | null | undefined, hostId: string): boolean {
  return Boolean(identity) && (identity === hostId || identity === encoderIdentity(hostId));
}

export function isEncoder(identity: string | null | undefined): boolean {
  return Boolean(identity?.endsWith(ENCODER_SUFFIX));
}

export function isRecorder(identity: string | null | undefined): boolean {
  return Boolean(identity?.startsWith(RECORDER_PREFIX));
}

/**
 * Multi-camera: the host's second camera is a CAMERA-source track named `camera-2` (the first is any other
 * camera track). A tile on screen is keyed by identity, `<identity>#camera-2` for a second camera, and
 * `<identity>#screen` for a screen share; the layout's `primary` names one.
 */
export const SECOND_CAMERA = "camera-2";
export const secondCameraTile = (identity: string) => `${identity}#${SECOND_CAMERA}`;
export const screenTile = (identity: string) => `${identity}#screen`;
export const LAYOUT_CHOICES = [
  { id: "spotlight", label: "Spotlight" },
  { id: "side_by_side", label: "Side by side" },
  { id: "grid", label: "Grid" },
] as const;
