import "client-only";
import { request, type Method, type Transport } from "@/lib/client/api";
import type { ChannelAnalytics, StreamAnalytics } from "@/lib/analytics/schemas";
import type { AuthResult, FollowState, RegisterBody, ResendVerificationResult, SelfUser } from "@/lib/accounts/schemas";
import type { ChatPage, HistoryQuery } from "@/lib/chat/schemas";
import type { MediaToken } from "@/lib/media/schemas";
import type { GuestKind, GuestList, GuestPermissions, GuestView, Layout, MuteSource } from "@/lib/guests/schemas";
import type {
  CheckoutResult, DonateInput, EarningsView, OnboardingLink, PaymentsConfig, PayoutStatus, SubscribeInput, SubscriptionList, SubscriptionView, TicketState,
} from "@/lib/payments/schemas";
import type {
  AddModeratorInput, BanInput, BanList, BanResult, ClearChatResult, LogPage, LogQuery, ModerationSettings, ModerationSettingsInput, ModeratorList, ModeratorResult,
  TimeoutInput, TimeoutList, TimeoutResult, UserCard,
} from "@/lib/moderation/schemas";
import type { RecordingListView, RecordingView, UpdateRecordingInput } from "@/lib/recordings/schemas";
import type { Action } from "@/lib/streams/status";
import type {
  CategoryList, CategoryQuery, ChannelQuery, CreateStreamBody, CreateStreamResult, DeleteStreamResult, EngagementCounts, LikedState,
  LikeResult, MyStreamsQuery, SearchQuery, StreamKeyInfo, StreamListView, StreamView, TrendingQuery, UpcomingQuery, UpdateStreamBody,
} from "@/lib/streams/schemas";

const enc = encodeURIComponent;

/** The REST paths the browser calls, in one place. */
export const paths = {
  register: () => "/api/auth/register",
  me: () => "/api/users/me",
  logout: () => "/api/auth/logout",
  resendVerification: () => "/api/auth/verify-email/resend",
  follow: (userId: string) => `/api/users/${enc(userId)}/follow`,
  channel: (username: string) => `/api/users/${enc(username)}/streams`,
  createStream: () => "/api/livestream/create",
  stream: (id: string) => `/api/livestream/${enc(id)}`,
  streamAction: (id: string, action: Action) => `/api/livestream/${enc(id)}/${action}`,
  key: (id: string) => `/api/livestream/${enc(id)}/key`,
  rotateKey: (id: string) => `/api/livestream/${enc(id)}/key/rotate`,
  like: (id: string) => `/api/livestream/${enc(id)}/like`,
  share: (id: string) => `/api/livestream/${enc(id)}/share`,
  mediaToken: (id: string) => `/api/livestream/${enc(id)}/token`,
  chat: (id: string) => `/api/livestream/${enc(id)}/chat`,
  chatMessage: (id: string, messageId: string) => `/api/livestream/${enc(id)}/chat/${enc(messageId)}`,
  clearChat: (id: string) => `/api/livestream/${enc(id)}/chat/clear`,
  moderators: (id: string) => `/api/livestream/${enc(id)}/moderators`,
  moderator: (id: string, userId: string) => `/api/livestream/${enc(id)}/moderators/${enc(userId)}`,
  bans: (id: string) => `/api/livestream/${enc(id)}/bans`,
  ban: (id: string, userId: string) => `/api/livestream/${enc(id)}/bans/${enc(userId)}`,
  timeouts: (id: string) => `/api/livestream/${enc(id)}/timeouts`,
  timeout: (id: string, userId: string) => `/api/livestream/${enc(id)}/timeouts/${enc(userId)}`,
  moderation: (id: string) => `/api/livestream/${enc(id)}/moderation`,
  moderationLog: (id: string) => `/api/livestream/${enc(id)}/moderation/log`,
  userCard: (id: string, userId: string) => `/api/livestream/${enc(id)}/users/${enc(userId)}`,
  guests: (id: string) => `/api/livestream/${enc(id)}/guests`,
  guest: (id: string, userId: string) => `/api/livestream/${enc(id)}/guests/${enc(userId)}`,
  respondInvite: (id: string) => `/api/livestream/${enc(id)}/invite/respond`,
  hand: (id: string) => `/api/livestream/${enc(id)}/hand`,
  layout: (id: string) => `/api/livestream/${enc(id)}/layout`,
  trending: () => "/api/livestream/trending",
  upcoming: () => "/api/livestream/upcoming",
  search: () => "/api/livestream/search",
  category: (category: string) => `/api/livestream/category/${enc(category)}`,
  categories: () => "/api/livestream/categories",
  mine: () => "/api/livestream/user/streams",
  channelRecordings: (username: string) => `/api/users/${enc(username)}/recordings`,
  recording: (id: string) => `/api/recordings/${enc(id)}`,
  streamRecording: (id: string) => `/api/livestream/${enc(id)}/recording`,
  paymentsConfig: () => "/api/payments/config",
  donate: (id: string) => `/api/livestream/${enc(id)}/donate`,
  ticket: (id: string) => `/api/livestream/${enc(id)}/ticket`,
  subscribe: () => "/api/livestream/subscribe",
  subscriptions: () => "/api/users/me/subscriptions",
  subscription: (creatorId: string) => `/api/users/me/subscriptions/${enc(creatorId)}`,
  earnings: () => "/api/users/me/earnings",
  payouts: () => "/api/users/me/payouts",
  onboard: () => "/api/users/me/payouts/onboard",
  streamAnalytics: (id: string) => `/api/livestream/user/analytics/${enc(id)}`,
  channelAnalytics: () => "/api/livestream/user/analytics",
  /** The stream's per-minute series as CSV: a plain link (the session cookie goes along), not a JSON call. */
  analyticsCsv: (id: string) => `/api/livestream/user/analytics/${enc(id)}/export.csv`,
  /** The stream's HLS rendition (the player's fallback when WebRTC cannot connect). */
  hls: (roomId: string) => `/hls/${enc(roomId)}/index.m3u8`,
};

/** `?a=1&b=x` from the set values (empty strings and undefined left out). */
function withQuery(path: string, query: Record<string, unknown> = {}): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== "") p.set(k, String(v));
  const s = p.toString();
  return s ? `${path}?${s}` : path;
}

/**
 * Every REST call the browser makes, typed from the server's zod schemas. Pages use `endpoints` (same
 * origin, session cookie); the SDK makes its own with its server URL and bearer token.
 */
export function createEndpoints(transport: () => Transport = () => ({})) {
  const call = <T>(method: Method, path: string, json?: unknown) => request<T>(transport(), method, path, json);
  return {
    accounts: {
      register: (body: RegisterBody) => call<AuthResult>("POST", paths.register(), body),
      me: () => call<SelfUser>("GET", paths.me()),
      /** Ends every session of the account (this browser's, other devices', bearer tokens, sockets). */
      logout: () => call<{ revoked: boolean }>("POST", paths.logout()),
      resendVerification: () => call<ResendVerificationResult>("POST", paths.resendVerification()),
      followState: (userId: string) => call<FollowState>("GET", paths.follow(userId)),
      follow: (userId: string) => call<FollowState>("POST", paths.follow(userId)),
      unfollow: (userId: string) => call<FollowState>("DELETE", paths.follow(userId)),
    },
    streams: {
      create: (body: CreateStreamBody) => call<CreateStreamResult>("POST", paths.createStream(), body),
      get: (id: string) => call<StreamView>("GET", paths.stream(id)),
      update: (id: string, body: UpdateStreamBody) => call<StreamView>("PATCH", paths.stream(id), body),
      remove: (id: string) => call<DeleteStreamResult>("DELETE", paths.stream(id)),
      /** start, pause, resume or end. */
      act: (id: string, action: Action) => call<StreamView>("POST", paths.streamAction(id, action)),
      key: (id: string) => call<StreamKeyInfo>("GET", paths.key(id)),
      rotateKey: (id: string) => call<StreamKeyInfo>("POST", paths.rotateKey(id)),
      liked: (id: string) => call<LikedState>("GET", paths.like(id)),
      like: (id: string) => call<LikeResult>("POST", paths.like(id)),
      unlike: (id: string) => call<LikeResult>("DELETE", paths.like(id)),
      share: (id: string) => call<EngagementCounts>("POST", paths.share(id)),
      mediaToken: (id: string) => call<MediaToken>("POST", paths.mediaToken(id)),
      chatHistory: (id: string, query: HistoryQuery = {}) => call<ChatPage>("GET", withQuery(paths.chat(id), query)),
    },
    /** A stream's channel moderation (the owner and moderators; each call's rule is in lib/access). */
    moderation: {
      settings: (id: string) => call<ModerationSettings>("GET", paths.moderation(id)),
      updateSettings: (id: string, body: ModerationSettingsInput) => call<ModerationSettings>("PATCH", paths.moderation(id), body),
      log: (id: string, query: LogQuery = {}) => call<LogPage>("GET", withQuery(paths.moderationLog(id), query)),
      moderators: (id: string) => call<ModeratorList>("GET", paths.moderators(id)),
      addModerator: (id: string, body: AddModeratorInput) => call<ModeratorResult>("POST", paths.moderators(id), body),
      removeModerator: (id: string, userId: string) => call<ModeratorResult>("DELETE", paths.moderator(id, userId)),
      bans: (id: string) => call<BanList>("GET", paths.bans(id)),
      ban: (id: string, body: BanInput) => call<BanResult>("POST", paths.bans(id), body),
      unban: (id: string, userId: string) => call<BanResult>("DELETE", paths.ban(id, userId)),
      timeouts: (id: string) => call<TimeoutList>("GET", paths.timeouts(id)),
      timeout: (id: string, body: TimeoutInput) => call<TimeoutResult>("POST", paths.timeouts(id), body),
      untimeout: (id: string, userId: string) => call<TimeoutResult>("DELETE", paths.timeout(id, userId)),
      deleteMessage: (id: string, messageId: string) => call<{ deleted: true; messageId: string }>("DELETE", paths.chatMessage(id, messageId)),
      clearChat: (id: string) => call<ClearChatResult>("POST", paths.clearChat(id)),
      userCard: (id: string, userId: string) => call<UserCard>("GET", paths.userCard(id, userId)),
    },
    /** The stream's stage: invites, raised hands, guests' permissions, the layout (rules in lib/access). */
    guests: {
      list: (id: string) => call<GuestList>("GET", paths.guests(id)),
      invite: (id: string, body: { username?: string; userId?: string; kind?: GuestKind; permissions?: Partial<GuestPermissions> }) => call<GuestView>("POST", paths.guests(id), body),
      respond: (id: string, accept: boolean) => call<{ guest: GuestView | null }>("POST", paths.respondInvite(id), { accept }),
      hand: (id: string, raised: boolean) => call<{ guest: GuestView | null }>("PUT", paths.hand(id), { raised }),
      resolveHand: (id: string, userId: string, accept: boolean, kind: GuestKind = "guest") => call<{ guest: GuestView | null }>("POST", `${paths.guest(id, userId)}/hand`, { accept, kind }),
      permissions: (id: string, userId: string, permissions: Partial<GuestPermissions>) => call<GuestView>("PATCH", paths.guest(id, userId), { permissions }),
      mute: (id: string, userId: string, source: MuteSource) => call<{ muted: boolean; tracks: number }>("POST", `${paths.guest(id, userId)}/mute`, { source }),
      remove: (id: string, userId: string) => call<{ removed: true; userId: string }>("DELETE", paths.guest(id, userId)),
      setLayout: (id: string, layout: Layout) => call<Layout>("PUT", paths.layout(id), layout),
    },
    discovery: {
      trending: (query: TrendingQuery = {}) => call<StreamListView>("GET", withQuery(paths.trending(), query)),
      upcoming: (query: UpcomingQuery = {}) => call<StreamListView>("GET", withQuery(paths.upcoming(), query)),
      search: (query: SearchQuery) => call<StreamListView>("GET", withQuery(paths.search(), query)),
      category: (category: string, query: CategoryQuery = {}) => call<StreamListView>("GET", withQuery(paths.category(category), query)),
      categories: () => call<CategoryList>("GET", paths.categories()),
      mine: (query: MyStreamsQuery = {}) => call<StreamListView>("GET", withQuery(paths.mine(), query)),
      channel: (username: string, query: ChannelQuery = {}) => call<StreamListView>("GET", withQuery(paths.channel(username), query)),
    },
    recordings: {
      channel: (username: string, limit = 24) => call<RecordingListView>("GET", withQuery(paths.channelRecordings(username), { limit })),
      get: (id: string) => call<RecordingView>("GET", paths.recording(id)),
      ofStream: (streamId: string) => call<RecordingView>("GET", paths.streamRecording(streamId)),
      update: (id: string, body: UpdateRecordingInput) => call<RecordingView>("PATCH", paths.recording(id), body),
      remove: (id: string) => call<{ deleted: true }>("DELETE", paths.recording(id)),
    },
    /** Money: every purchase answers with a Stripe Checkout URL the browser goes to; Stripe's webhooks settle it. */
    payments: {
      config: () => call<PaymentsConfig>("GET", paths.paymentsConfig()),
      donate: (streamId: string, body: DonateInput) => call<CheckoutResult>("POST", paths.donate(streamId), body),
      ticket: (streamId: string) => call<TicketState>("GET", paths.ticket(streamId)),
      buyTicket: (streamId: string) => call<CheckoutResult>("POST", paths.ticket(streamId)),
      subscribe: (body: SubscribeInput) => call<CheckoutResult>("POST", paths.subscribe(), body),
      subscriptions: () => call<SubscriptionList>("GET", paths.subscriptions()),
      /** Cancels at the end of the paid period (Stripe keeps it active until then). */
      cancelSubscription: (creatorId: string) => call<SubscriptionView>("DELETE", paths.subscription(creatorId)),
      earnings: (query: { before?: string; limit?: number } = {}) => call<EarningsView>("GET", withQuery(paths.earnings(), query)),
      payouts: () => call<PayoutStatus>("GET", paths.payouts()),
      onboard: () => call<OnboardingLink>("POST", paths.onboard()),
    },
    /** The owner's (and lead moderators') numbers: one stream's report, or the channel over 7, 30 or 90 days. */
    analytics: {
      stream: (streamId: string) => call<StreamAnalytics>("GET", paths.streamAnalytics(streamId)),
      channel: (days: AnalyticsRange = 30) => call<ChannelAnalytics>("GET", withQuery(paths.channelAnalytics(), { days })),
    },
  };
}

/** The channel ranges the server serves. */
export type AnalyticsRange = 7 | 30 | 90;

export type Endpoints = ReturnType<typeof createEndpoints>;

/** The pages' client: same origin, the session cookie. */
export const endpoints = createEndpoints();
