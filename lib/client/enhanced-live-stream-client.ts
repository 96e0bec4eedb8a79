import "client-only";
import { io, type Socket } from "socket.io-client";
import type { AnalyticsUpdate, StreamMetricsInput } from "@/lib/analytics/schemas";
import { LiveStreamError, unwrap, type Envelope } from "@/lib/client/api";
import { createEndpoints, type Endpoints } from "@/lib/client/endpoints";
import { LOCAL_EVENTS, type ClientEvents } from "@/lib/client/events";
import { BATCH_EVENT, attachBatchUnpacker } from "@/lib/client/batch-unpack";
import { CAUGHT_UP_EVENTS, ChatCatchUp, retry } from "@/lib/client/catch-up";
import { CATCH_UP_LIMIT } from "@/lib/chat/limits";
import { Broadcast, type BroadcastOptions } from "@/lib/client/media/broadcast";
import { formatDuration, formatViewerCount } from "@/lib/client/format";
import { checkWebRTCSupport, createVideoElement } from "@/lib/client/webrtc";
import type { SocketAuthResult } from "@/lib/accounts/schemas";
import type { ChatMessageView, ChatPage, DeleteMessageResult, JoinStreamResult, MessageReactions, ReactionQueued, TypingResult } from "@/lib/chat/schemas";
import type { CreateStreamBody, CreateStreamResult, StreamView, UpdateStreamBody } from "@/lib/streams/schemas";
import type { BanResult, ClearChatResult, ChatModes, ModerationSettings, ModeratorLevel, ModeratorResult, TimeoutResult } from "@/lib/moderation/schemas";
import type { CheckoutResult, Currency, Tier } from "@/lib/payments/schemas";

export { LiveStreamError, checkWebRTCSupport, createVideoElement, formatDuration, formatViewerCount };
export type { ClientEvents };
/** The SDK's names for the server's shapes (the spec's vocabulary). */
export type { CreateStreamBody as CreateStreamOptions, CreateStreamResult as CreatedStream, ChatMessageView as ChatMessage, JoinStreamResult as JoinedStream };

export type ClientOptions = {
  /** Base URL of the platform; defaults to the page's origin in a browser. */
  serverUrl?: string;
  /** A bearer token from POST /api/auth/login; without it a browser uses its session cookie. */
  token?: string;
  userId?: string;
  username?: string;
  /** Logs every event and enables `on('*', …)`. */
  debug?: boolean;
  /**
   * The anonymous viewer key the server issued (the `session` event's `viewerKey`; the client keeps the one
   * it is given), so an anonymous client counts as one viewer across connections. Browsers need none: the
   * server keeps theirs in a cookie. A key the server did not sign counts nothing.
   */
  viewerKey?: string;
  /** How long a call waits for the server's answer before it fails with TIMEOUT: 10 s for a socket call, 15 s for a REST call by default. */
  timeoutMs?: number;
  /**
   * Receive a stream's chat, reactions and counts packed into one frame per short window (default true):
   * the SDK unpacks each frame into the same events, in the same order, so handlers see no difference; the
   * server sends far fewer frames to a busy room. `false` receives them one by one, as a plain client does.
   */
  batch?: boolean;
};

type Handler = (...args: unknown[]) => void;
/** How long a socket call waits for the server's acknowledgement, unless the options say otherwise. */
const SOCKET_TIMEOUT_MS = 10_000;
/** Events whose socket listeners are the caller's handlers as given (the others are raised by the SDK itself). */
const direct = (event: string) => !LOCAL_EVENTS.has(event) && !CAUGHT_UP_EVENTS.has(event);
/** Any handler an overload of `on` accepts. */
type AnyHandler = (...args: never[]) => void;

/**
 * The platform's client SDK: Socket.IO for streams, chat and reactions (the spec's events, answered by
 * acknowledgements), REST for lifecycle calls (the same typed endpoints the pages use), LiveKit for media.
 * As in the spec's example, creating or starting a stream puts the host in it: chat and reactions go there
 * without a `joinStream`, and the host hears its chat and viewer counts.
 */
export class EnhancedLiveStreamClient {
  readonly options: ClientOptions;
  socket: Socket | null = null;
  currentStreamId: string | null = null;
  /** The answers of this connection's joins: the server refuses to join a stream twice (the first answer holds). */
  private readonly joined = new Map<string, JoinStreamResult>();
  /** Streams whose live analytics this client follows: watched again after a reconnect that lost its rooms. */
  private readonly watching = new Set<string>();
  /** Says every minute that the dashboard is still open: the server computes full live figures only while it is. */
  private watchTimer: ReturnType<typeof setInterval> | null = null;
  private handlers = new Map<string, Set<Handler>>();
  private readonly api: Endpoints;
  private readonly broadcast = new Broadcast();
  /** Chat once per message, and what a reconnect without its session missed (lib/client/catch-up.ts). */
  private readonly catchUp = new ChatCatchUp((m) => this.fire("stream_chat_message", m));

  constructor(options: ClientOptions = {}) {
    this.options = { ...options };
    this.api = createEndpoints(() => ({ baseUrl: this.baseUrl, token: this.options.token, timeoutMs: this.options.timeoutMs }));
  }

  private get baseUrl(): string {
    return this.options.serverUrl ?? (typeof window !== "undefined" ? window.location.origin : "http://localhost:3000");
  }

  private log(...args: unknown[]) {
    if (this.options.debug) console.debug("[EnhancedLiveStreamClient]", ...args);
  }

  /** Opens the Socket.IO connection (with the token, or the browser's session cookie); `connected` fires on every (re)connect. */
  connect(): Promise<void> {
    const socket = this.socket ?? this.open();
    if (socket.connected) return Promise.resolve();
    // A handshake the server refused is not retried by socket.io: try again when asked.
    if (!socket.active) socket.connect();
    return new Promise((resolve, reject) => {
      const ok = () => {
        socket.off("connect_error", fail);
        resolve();
      };
      const fail = (err: Error & { data?: { code?: string } }) => {
        socket.off("connect", ok);
        reject(new LiveStreamError((err.data?.code ?? "CONNECT_FAILED") as LiveStreamError["code"], err.message));
      };
      socket.once("connect", ok);
      socket.once("connect_error", fail);
    });
  }

  /** Creates the socket once, with every handler registered so far; handlers added later attach in `on`. */
  private open(): Socket {
    // auth is read again at every (re)connect, so a key or token learned meanwhile is used.
    const socket = io(this.baseUrl, { transports: ["websocket"], auth: (cb) => cb(this.handshakeAuth()), withCredentials: true });
    this.socket = socket;
    for (const [event, set] of this.handlers) if (direct(event)) for (const h of set) socket.on(event, h);
    socket.on("stream_chat_message", (m: ChatMessageView) => this.catchUp.live(m));
    // Frames (lib/client/batch-unpack.ts) reach every listener above as the events they carry.
    attachBatchUnpacker(socket);
    socket.onAny((event: string, ...args: unknown[]) => {
      if (event === BATCH_EVENT) return;
      this.log(event, ...args);
      if (this.options.debug) this.fire("*", event, ...args);
    });
    socket.on("connect", () => {
      this.fire("connected", { recovered: socket.recovered });
      // A reconnect that could not recover the session starts with no rooms: enter the current stream again.
      if (!socket.recovered) this.joined.clear();
      if (this.currentStreamId) void this.catchUpAfterReconnect(this.currentStreamId, socket.recovered).catch((err: unknown) => this.reportEntryFailure(err));
      if (!socket.recovered) for (const id of this.watching) void this.emit("watch_analytics", { streamId: id }).catch((err: unknown) => this.reportEntryFailure(err, "watch_analytics"));
    });
    socket.on("disconnect", (reason: string) => {
      // Until the catch-up after the reconnect, live chat waits (to come out in order with what was missed).
      if (this.currentStreamId) this.catchUp.hold(this.currentStreamId);
      this.fire("disconnected", { reason });
    });
    socket.on("session", (s: ClientEvents["session"]) => {
      if (s.viewerKey) this.options.viewerKey = s.viewerKey;
    });
    return socket;
  }

  private handshakeAuth(): Record<string, string | number> {
    const batch: Record<string, number> = this.options.batch === false ? {} : { batch: 1 };
    if (this.options.token) return { token: this.options.token, ...batch };
    return this.options.viewerKey ? { viewerKey: this.options.viewerKey, ...batch } : batch;
  }

  disconnect(): void {
    this.socket?.disconnect();
    this.socket = null;
    this.currentStreamId = null;
    this.joined.clear();
    this.catchUp.forget();
    this.watching.clear();
    if (this.watchTimer) clearInterval(this.watchTimer);
    this.watchTimer = null;
  }

  /** Subscribes to an event (typed for the ones in ClientEvents); `'*'` receives `(eventName, data)` for every event in debug mode. */
  on<E extends keyof ClientEvents>(event: E, handler: (data: ClientEvents[E]) => void): () => void;
  on(event: "*", handler: (event: string, ...args: unknown[]) => void): () => void;
  on(event: string, handler: (...args: unknown[]) => void): () => void;
  on(event: string, handler: AnyHandler): () => void {
    // The payload types are the server's schemas; the socket delivers what the server published.
    const h = handler as Handler;
    let set = this.handlers.get(event);
    if (!set) this.handlers.set(event, (set = new Set()));
    set.add(h);
    if (direct(event)) this.socket?.on(event, h);
    return () => this.off(event, h);
  }

  off(event: string, handler: AnyHandler): void {
    const h = handler as Handler;
    this.handlers.get(event)?.delete(h);
    if (direct(event)) this.socket?.off(event, h);
  }

  private fire(event: string, ...args: unknown[]): void {
    for (const h of this.handlers.get(event) ?? []) h(...args);
  }

  private async emit<T>(event: string, payload: unknown): Promise<T> {
    await this.connect();
    // Socket.IO rejects an ack that has not come in time (its only rejection here): the same TIMEOUT as a REST call's.
    const ms = this.options.timeoutMs ?? SOCKET_TIMEOUT_MS;
    const res = (await this.socket
      ?.timeout(ms)
      .emitWithAck(event, payload)
      .catch(() => Promise.reject(new LiveStreamError("TIMEOUT", `The server did not answer within ${ms / 1000} s. Try again.`, { details: { event } })))) as Envelope<T> | undefined;
    return unwrap(res);
  }

  authenticate(token: string): Promise<SocketAuthResult> {
    this.options.token = token;
    return this.emit("authenticate", { token });
  }

  /** Creates a stream (socket `create_stream`) and enters it; the key comes back to its creator only. */
  async createStream(options: CreateStreamBody): Promise<CreateStreamResult> {
    const created = await this.emit<CreateStreamResult>("create_stream", options);
    await this.enter(created.streamId);
    return created;
  }

  /** Goes live and enters the stream; when a broadcast was started, its camera and microphone are published. */
  async startStream(streamId: string): Promise<StreamView> {
    const stream = await this.api.streams.act(streamId, "start");
    await this.enter(streamId);
    if (this.broadcast.hasTracks) await this.broadcast.publish(await this.api.streams.mediaToken(streamId));
    return stream;
  }

  async endStream(streamId: string): Promise<StreamView> {
    const stream = await this.api.streams.act(streamId, "end");
    await this.broadcast.leave();
    return stream;
  }

  /**
   * The host's way into its own stream (the server does not count the host as a viewer), leaving the previous
   * current stream so chat cannot go to the wrong one. The stream exists whatever happens here, so a failure
   * is reported as `stream_error` rather than failing the call that created or started it.
   */
  private async enter(streamId: string): Promise<void> {
    if (this.currentStreamId === streamId) return;
    try {
      if (this.currentStreamId) await this.leaveStream(this.currentStreamId);
      await this.joinStream(streamId);
    } catch (err) {
      this.reportEntryFailure(err);
    }
  }

  private reportEntryFailure(err: unknown, event = "join_stream"): void {
    const e = err instanceof LiveStreamError ? err : new LiveStreamError("CONNECT_FAILED", err instanceof Error ? err.message : String(err));
    this.log(`${event} failed`, e);
    this.fire("stream_error", { event, code: e.code, message: e.message });
  }

  /**
   * Joins a stream's room: chat history, viewer count and live events follow. Joining a stream this
   * connection is already in answers what the join did then (the server does not repeat the work).
   */
  async joinStream(streamId: string): Promise<JoinStreamResult> {
    const earlier = this.socket?.connected ? this.joined.get(streamId) : undefined;
    if (earlier) {
      this.currentStreamId = streamId;
      return earlier;
    }
    const data = await this.emit<JoinStreamResult>("join_stream", { streamId, ...(this.options.viewerKey ? { viewerKey: this.options.viewerKey } : {}) });
    this.currentStreamId = streamId;
    this.joined.set(streamId, data);
    this.catchUp.joined(streamId, data.history);
    return data;
  }

  /**
   * After a reconnect: the chat missed meanwhile comes as `stream_chat_message` events, in order and once
   * each, before the live ones that arrived during the catch-up; then `chat_caught_up`. A session the server
   * restored is still in the room and asks history (`GET …/chat?after=`); one it could not restore (sessions
   * live two minutes, in Redis) joins again with `since`.
   */
  private async catchUpAfterReconnect(streamId: string, recovered: boolean): Promise<void> {
    if (!this.catchUp.has(streamId)) {
      if (!recovered) await this.joinStream(streamId);
      return;
    }
    const started = Date.now();
    const since = this.catchUp.begin(streamId);
    let first: Pick<JoinStreamResult, "history" | "nextAfter"> = { history: [], nextAfter: since };
    if (!recovered) {
      try {
        // Tried again while the connection holds. CONFLICT: an earlier try did land (its answer was lost), so
        // the socket is in the room and history alone is asked.
        const join = () => this.emit<JoinStreamResult>("join_stream", { streamId, since, ...(this.options.viewerKey ? { viewerKey: this.options.viewerKey } : {}) });
        const data = await retry(() => (this.socket?.connected ? join() : Promise.reject(new LiveStreamError("CONNECT_FAILED", "disconnected"))), 3).catch((err: unknown) => {
          if (err instanceof LiveStreamError && err.code === "CONFLICT") return null;
          throw err;
        });
        this.currentStreamId = streamId;
        if (data) {
          this.joined.set(streamId, data);
          first = data;
        }
      } catch (err) {
        this.catchUp.release(streamId);
        throw err;
      }
    }
    const messages = await this.catchUp.finish(streamId, first, (after) => this.api.streams.chatHistory(streamId, { after, limit: CATCH_UP_LIMIT }));
    this.fire("chat_caught_up", { streamId, messages, ms: Date.now() - started, recovered });
  }

  async leaveStream(streamId = this.currentStreamId): Promise<void> {
    if (!streamId) return;
    await this.emit("leave_stream", { streamId });
    this.joined.delete(streamId);
    this.catchUp.forget(streamId);
    if (this.currentStreamId === streamId) this.currentStreamId = null;
  }

  /**
   * Follows a stream's live numbers: `analytics_update` every few seconds while it is on air (its owner and
   * lead moderators only; anyone else is refused FORBIDDEN). Answers the figures of now. Kept across reconnects.
   */
  async watchAnalytics(streamId: string): Promise<AnalyticsUpdate> {
    const now = await this.emit<AnalyticsUpdate>("watch_analytics", { streamId });
    this.watching.add(streamId);
    this.watchTimer ??= setInterval(() => {
      if (!this.socket?.connected) return;
      for (const id of this.watching) void this.emit("watch_analytics", { streamId: id }).catch((err: unknown) => this.reportEntryFailure(err, "watch_analytics"));
    }, 60_000);
    return now;
  }

  private streamIdOr(streamId?: string | null): string {
    const id = streamId ?? this.currentStreamId;
    if (!id) throw new LiveStreamError("NOT_JOINED", "Join a stream first");
    return id;
  }

  async sendChatMessage(message: string, streamId?: string): Promise<ChatMessageView> {
    return this.emit("stream_chat_message", { streamId: this.streamIdOr(streamId), message });
  }

  /** The spec's `update_stream_metrics`: the host's publisher stats (the server keeps per-minute averages; 1 per 2 s). */
  async updateStreamMetrics(metrics: StreamMetricsInput["metrics"], streamId?: string): Promise<{ accepted: true }> {
    return this.emit("update_stream_metrics", { streamId: this.streamIdOr(streamId), metrics });
  }

  async sendReaction(emoji: string, streamId?: string): Promise<ReactionQueued> {
    return this.emit("stream_reaction", { streamId: this.streamIdOr(streamId), emoji });
  }

  async sendTyping(isTyping = true, streamId?: string): Promise<TypingResult> {
    return this.emit("stream_chat_typing", { streamId: this.streamIdOr(streamId), isTyping });
  }

  async deleteChatMessage(messageId: string, streamId?: string): Promise<DeleteMessageResult> {
    return this.emit("delete_chat_message", { streamId: this.streamIdOr(streamId), messageId });
  }

  async reactToMessage(messageId: string, emoji: string, streamId?: string): Promise<MessageReactions> {
    return this.emit("chat_message_reaction", { streamId: this.streamIdOr(streamId), messageId, emoji });
  }

  /** Edits the stream; `{ moderation }` changes the channel's chat rules (the spec's updateStreamSettings). */
  async updateStreamSettings(streamId: string, settings: UpdateStreamBody): Promise<StreamView> {
    return this.api.streams.update(streamId, settings);
  }

  /** Bans a user from the channel (`durationMinutes` for a timed ban): host and moderators. */
  async banUser(userId: string, options: { reason?: string; durationMinutes?: number; streamId?: string } = {}): Promise<BanResult> {
    const { streamId, ...rest } = options;
    return this.emit("ban_user", { streamId: this.streamIdOr(streamId), userId, ...rest });
  }

  async unbanUser(userId: string, streamId?: string): Promise<BanResult> {
    return this.emit("unban_user", { streamId: this.streamIdOr(streamId), userId });
  }

  /** Keeps a user out of the chat for `durationSeconds` (default 600). */
  async timeoutUser(userId: string, options: { durationSeconds?: number; reason?: string; streamId?: string } = {}): Promise<TimeoutResult> {
    const { streamId, ...rest } = options;
    return this.emit("timeout_user", { streamId: this.streamIdOr(streamId), userId, ...rest });
  }

  async untimeoutUser(userId: string, streamId?: string): Promise<TimeoutResult> {
    return this.emit("untimeout_user", { streamId: this.streamIdOr(streamId), userId });
  }

  async addModerator(userId: string, level: ModeratorLevel = "moderator", streamId?: string): Promise<ModeratorResult> {
    return this.emit("add_moderator", { streamId: this.streamIdOr(streamId), userId, level });
  }

  async removeModerator(userId: string, streamId?: string): Promise<ModeratorResult> {
    return this.emit("remove_moderator", { streamId: this.streamIdOr(streamId), userId });
  }

  /** Slow mode in seconds between a viewer's messages (0: off). */
  async setSlowMode(seconds: number, streamId?: string): Promise<ModerationSettings> {
    return this.emit("slow_mode", { streamId: this.streamIdOr(streamId), seconds });
  }

  async setChatMode(modes: Partial<ChatModes>, streamId?: string): Promise<ModerationSettings> {
    return this.emit("chat_mode", { streamId: this.streamIdOr(streamId), ...modes });
  }

  async clearChat(streamId?: string): Promise<ClearChatResult> {
    return this.emit("clear_chat", { streamId: this.streamIdOr(streamId) });
  }

  async getChatHistory(options: { before?: string; limit?: number; streamId?: string } = {}): Promise<ChatPage> {
    return this.api.streams.chatHistory(this.streamIdOr(options.streamId), { before: options.before, limit: options.limit });
  }

  /**
   * Money, as the spec's examples call it: each answers with a Stripe Checkout page (`checkoutUrl`) to send
   * the browser to; the tip's `stream_donation`, the ticket and the subscription follow once Stripe's webhook
   * says it was paid. `amount` is in the currency's major unit (5.00 USD, 500 JPY).
   */
  async sendDonation(streamId: string, amount: number, message = "", currency: Currency = "USD"): Promise<CheckoutResult> {
    return this.api.payments.donate(streamId, { amount, message, currency });
  }

  async buyTicket(streamId?: string): Promise<CheckoutResult> {
    return this.api.payments.buyTicket(this.streamIdOr(streamId));
  }

  async subscribeToStreamer(streamerId: string, tier: Tier = "basic"): Promise<CheckoutResult> {
    return this.api.payments.subscribe({ streamerId, tier });
  }

  /** Opens camera and microphone (and shows them in `videoElement`); `startStream` publishes them. */
  startBroadcast(videoElement?: HTMLVideoElement, options: BroadcastOptions = {}): Promise<MediaStream> {
    return this.broadcast.start(videoElement, options);
  }

  stopBroadcast(): void {
    this.broadcast.stop();
  }
}
