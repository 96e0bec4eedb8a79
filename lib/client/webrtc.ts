/** What this browser supports for broadcasting and watching. */
export function checkWebRTCSupport() {
  const g = globalThis as typeof globalThis & { RTCPeerConnection?: unknown; navigator?: Navigator };
  const hasPc = typeof g.RTCPeerConnection === "function";
  const media = g.navigator?.mediaDevices;
  const support = {
    webrtc: hasPc,
    getUserMedia: typeof media?.getUserMedia === "function",
    getDisplayMedia: typeof media?.getDisplayMedia === "function",
    isSupported: false,
  };
  support.isSupported = support.webrtc && support.getUserMedia;
  return support;
}

/** A <video> element with the given attributes (muted + playsInline by default, so autoplay works). */
export function createVideoElement(options: { className?: string; width?: number; height?: number; autoplay?: boolean; muted?: boolean; controls?: boolean } = {}): HTMLVideoElement {
  const v = document.createElement("video");
  if (options.className) v.className = options.className;
  if (options.width) v.width = options.width;
  if (options.height) v.height = options.height;
  v.autoplay = options.autoplay ?? true;
  v.muted = options.muted ?? true;
  v.controls = options.controls ?? false;
  v.playsInline = true;
  return v;
}
