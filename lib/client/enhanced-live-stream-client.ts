import { io, type Socket } from "socket.io-client";
import type { LocalTrack } from "livekit-client";
import { formatDuration, formatViewerCount } from "@/lib/client/format";

export { formatDuration, formatViewerCount };

export type ClientOptions = {
  /** Base URL of the platform; defaults to the page's origin in a browser. */
  serverUrl?: string;
  /** A bearer token from POST /api/auth/login; without it a browser uses its session cookie. */
  token?: string;
  userId?: string;
  username?: string;
  /** Logs every event and enables `on('*', …)`. */
  debug?: boolean;
  /** A stable key for an anonymous browser, so its tabs count as one viewer (generated and kept if omitted). */
  viewerKey?: string;
};

export type Ack<T> = { success: true; data: T } | { success: false; error: { code: string; message: string; details?: unknown } };

/** A failed call, with the server's error code. */
export class LiveStreamError extends Error {
  override name = "LiveStreamError";
  constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export type CreateStreamOptions = {
  title: string;
  category: string;
  description?: string;
  streamType?: "public" | "unlisted" | "followers_only" | "subscribers_only" | "paid";
  ticketPrice?: number;
  currency?: "USD" | "EUR" | "GBP" | "JPY";
  scheduledFor?: string;
  tags?: string[];
  features?: { chatEnabled?: boolean; reactionsEnabled?: boolean; donationsEnabled?: boolean; recordingEnabled?: boolean };
};

export type CreatedStream = { streamId: string; streamKey: string; roomId: string; urls: { rtmp: string; webrtc: string; whip: string; hls: string } };
export type ChatMessage = { id: string; streamId: string; sender: { id: string; username: string; displayName: string }; message: string; mentions: string[]; reactions: Record<string, number>; createdAt: string };
export type JoinedStream = { stream: { id: string; title: string; status: string; host: { id: string; username: string } } & Record<string, unknown>; history: ChatMessage[]; nextBefore: string | null; currentViewers: number };

type Handler = (...args: unknown[]) => void;

function storedViewerKey(): string | undefined {
  if (typeof window === "undefined") return undefined;
  try {
    let key = window.localStorage.getItem("streamhub:viewerKey");
    if (!key) {
      key = Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, "0")).join("");
      window.localStorage.setItem("streamhub:viewerKey", key);
    }
    return key;
  } catch {
    return undefined;
  }
}

/**
 * The platform's client SDK: Socket.IO for streams, chat and reactions (the spec's events, answered by
 * acknowledgements), REST for lifecycle calls, and LiveKit for media. The app's own pages use it.
 */
export class EnhancedLiveStreamClient {
  readonly options: ClientOptions;
  socket: Socket | null = null;
  currentStreamId: string | null = null;
  private handlers = new Map<string, Set<Handler>>();
  private localTracks: LocalTrack[] = [];
  private room: import("livekit-client").Room | null = null;

  constructor(options: ClientOptions = {}) {
    this.options = { ...options, viewerKey: options.viewerKey ?? storedViewerKey() };
  }

  private get baseUrl(): string {
    return this.options.serverUrl ?? (typeof window !== "undefined" ? window.location.origin : "http://localhost:3000");
  }

  private log(...args: unknown[]) {
    if (this.options.debug) console.debug("[EnhancedLiveStreamClient]", ...args);
  }

  /** Opens the Socket.IO connection (with the token, or the browser's session cookie). */
  connect(): Promise<void> {
    if (this.socket?.connected) return Promise.resolve();
    const socket = (this.socket ??= io(this.baseUrl, {
      transports: ["websocket"],
      auth: this.options.token ? { token: this.options.token } : {},
      withCredentials: true,
    }));
    for (const [event, set] of this.handlers) if (event !== "*") for (const h of set) socket.on(event, h);
    socket.onAny((event: string, ...args: unknown[]) => {
      this.log(event, ...args);
      if (this.options.debug) for (const h of this.handlers.get("*") ?? []) h(event, ...args);
    });
    // After a reconnect that could not recover the session, join the current stream again.
    socket.on("connect", () => {
      if (this.currentStreamId && !socket.recovered) void this.joinStream(this.currentStreamId).catch(() => undefined);
    });
    return new Promise((resolve, reject) => {
      if (socket.connected) return resolve();
      socket.once("connect", () => resolve());
      socket.once("connect_error", (err: Error & { data?: { code?: string } }) => reject(new LiveStreamError(err.data?.code ?? "CONNECT_FAILED", err.message)));
    });
  }

  disconnect(): void {
    this.socket?.disconnect();
    this.socket = null;
    this.currentStreamId = null;
  }

  /** Subscribes to a server event; `'*'` receives `(eventName, data)` for every event in debug mode. */
  on(event: string, handler: Handler): () => void {
    let set = this.handlers.get(event);
    if (!set) this.handlers.set(event, (set = new Set()));
    set.add(handler);
    if (event !== "*") this.socket?.on(event, handler);
    return () => this.off(event, handler);
  }

  off(event: string, handler: Handler): void {
    this.handlers.get(event)?.delete(handler);
    if (event !== "*") this.socket?.off(event, handler);
  }

  private async emit<T>(event: string, payload: unknown): Promise<T> {
    await this.connect();
    const res = (await this.socket?.timeout(10_000).emitWithAck(event, payload)) as Ack<T>;
    if (!res.success) throw new LiveStreamError(res.error.code, res.error.message, res.error.details);
    return res.data;
  }

  private async rest<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      credentials: "include",
      headers: { ...(body !== undefined ? { "Content-Type": "application/json" } : {}), ...(this.options.token ? { Authorization: `Bearer ${this.options.token}` } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const json = (await res.json().catch(() => null)) as Ack<T> | null;
    if (!json) throw new LiveStreamError("BAD_RESPONSE", `Unexpected response (${res.status})`);
    if (!json.success) throw new LiveStreamError(json.error.code, json.error.message, json.error.details);
    return json.data;
  }

  authenticate(token: string): Promise<{ user: { id: string; username: string } }> {
    this.options.token = token;
    return this.emit("authenticate", { token });
  }

  /** Creates a stream (socket `create_stream`); the key comes back to its creator only. */
  createStream(options: CreateStreamOptions): Promise<CreatedStream> {
    return this.emit("create_stream", options);
  }

  /** Goes live; when a broadcast was started, its camera and microphone are published to the stream's room. */
  async startStream(streamId: string): Promise<unknown> {
    const stream = await this.rest("POST", `/api/livestream/${streamId}/start`);
    if (this.localTracks.length) await this.publish(streamId);
    return stream;
  }

  async endStream(streamId: string): Promise<unknown> {
    const stream = await this.rest("POST", `/api/livestream/${streamId}/end`);
    await this.room?.disconnect();
    this.room = null;
    return stream;
  }

  /** Joins a stream's room: chat history, viewer count and live events follow. */
  async joinStream(streamId: string): Promise<JoinedStream> {
    const data = await this.emit<JoinedStream>("join_stream", { streamId, ...(this.options.viewerKey ? { viewerKey: this.options.viewerKey } : {}) });
    this.currentStreamId = streamId;
    return data;
  }

  async leaveStream(streamId = this.currentStreamId): Promise<void> {
    if (!streamId) return;
    await this.emit("leave_stream", { streamId });
    if (this.currentStreamId === streamId) this.currentStreamId = null;
  }

  private streamIdOr(streamId?: string | null): string {
    const id = streamId ?? this.currentStreamId;
    if (!id) throw new LiveStreamError("NOT_JOINED", "Join a stream first");
    return id;
  }

  async sendChatMessage(message: string, streamId?: string): Promise<ChatMessage> {
    return this.emit("stream_chat_message", { streamId: this.streamIdOr(streamId), message });
  }

  async sendReaction(emoji: string, streamId?: string): Promise<{ queued: boolean }> {
    return this.emit("stream_reaction", { streamId: this.streamIdOr(streamId), emoji });
  }

  async sendTyping(isTyping = true, streamId?: string): Promise<{ sent: boolean }> {
    return this.emit("stream_chat_typing", { streamId: this.streamIdOr(streamId), isTyping });
  }

  async deleteChatMessage(messageId: string, streamId?: string): Promise<{ deleted: boolean }> {
    return this.emit("delete_chat_message", { streamId: this.streamIdOr(streamId), messageId });
  }

  async reactToMessage(messageId: string, emoji: string, streamId?: string): Promise<{ reactions: Record<string, number> }> {
    return this.emit("chat_message_reaction", { streamId: this.streamIdOr(streamId), messageId, emoji });
  }

  async getChatHistory(options: { before?: string; limit?: number; streamId?: string } = {}): Promise<{ messages: ChatMessage[]; nextBefore: string | null }> {
    const q = new URLSearchParams();
    if (options.before) q.set("before", options.before);
    if (options.limit) q.set("limit", String(options.limit));
    return this.rest("GET", `/api/livestream/${this.streamIdOr(options.streamId)}/chat?${q.toString()}`);
  }

  /** Opens camera and microphone (and shows them in `videoElement`); `startStream` publishes them. */
  async startBroadcast(videoElement?: HTMLVideoElement, options: { resolution?: { width: number; height: number; frameRate?: number } } = {}): Promise<MediaStream> {
    const { createLocalTracks } = await import("livekit-client");
    this.localTracks = await createLocalTracks({ audio: { echoCancellation: true, noiseSuppression: true }, video: { resolution: options.resolution ?? { width: 1280, height: 720, frameRate: 30 } } });
    const stream = new MediaStream(this.localTracks.map((t) => t.mediaStreamTrack));
    const video = this.localTracks.find((t) => t.kind === "video");
    if (videoElement && video) video.attach(videoElement);
    return stream;
  }

  stopBroadcast(): void {
    for (const t of this.localTracks) t.stop();
    this.localTracks = [];
  }

  private async publish(streamId: string): Promise<void> {
    const { Room, Track } = await import("livekit-client");
    const { url, token } = await this.rest<{ url: string; token: string }>("POST", `/api/livestream/${streamId}/token`);
    const room = new Room({ dynacast: true });
    await room.connect(url, token);
    for (const t of this.localTracks) await room.localParticipant.publishTrack(t, { source: t.kind === "video" ? Track.Source.Camera : Track.Source.Microphone, simulcast: t.kind === "video" });
    this.room = room;
  }
}

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
