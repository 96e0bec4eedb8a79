import * as authRegister from "@/app/api/auth/register/route";
import * as authLogin from "@/app/api/auth/login/route";
import * as authLogout from "@/app/api/auth/logout/route";
import * as authVerifyResend from "@/app/api/auth/verify-email/resend/route";
import * as usersMe from "@/app/api/users/me/route";
import * as user from "@/app/api/users/[id]/route";
import * as userFollow from "@/app/api/users/[id]/follow/route";
import * as userStreams from "@/app/api/users/[id]/streams/route";
import * as streamCreate from "@/app/api/livestream/create/route";
import * as stream from "@/app/api/livestream/[id]/route";
import * as streamStart from "@/app/api/livestream/[id]/start/route";
import * as streamPause from "@/app/api/livestream/[id]/pause/route";
import * as streamResume from "@/app/api/livestream/[id]/resume/route";
import * as streamEnd from "@/app/api/livestream/[id]/end/route";
import * as streamKey from "@/app/api/livestream/[id]/key/route";
import * as streamKeyRotate from "@/app/api/livestream/[id]/key/rotate/route";
import * as streamToken from "@/app/api/livestream/[id]/token/route";
import * as streamLike from "@/app/api/livestream/[id]/like/route";
import * as streamShare from "@/app/api/livestream/[id]/share/route";
import * as myStreams from "@/app/api/livestream/user/streams/route";
import * as channelAnalytics from "@/app/api/livestream/user/analytics/route";
import * as streamAnalytics from "@/app/api/livestream/user/analytics/[streamId]/route";
import * as streamAnalyticsCsv from "@/app/api/livestream/user/analytics/[streamId]/export.csv/route";
import * as chat from "@/app/api/livestream/[id]/chat/route";
import * as chatMessage from "@/app/api/livestream/[id]/chat/[messageId]/route";
import * as reactions from "@/app/api/livestream/[id]/reactions/route";
import * as bans from "@/app/api/livestream/[id]/bans/route";
import * as ban from "@/app/api/livestream/[id]/bans/[userId]/route";
import * as timeouts from "@/app/api/livestream/[id]/timeouts/route";
import * as timeout from "@/app/api/livestream/[id]/timeouts/[userId]/route";
import * as moderators from "@/app/api/livestream/[id]/moderators/route";
import * as moderator from "@/app/api/livestream/[id]/moderators/[userId]/route";
import * as guests from "@/app/api/livestream/[id]/guests/route";
import * as guest from "@/app/api/livestream/[id]/guests/[userId]/route";
import * as guestMute from "@/app/api/livestream/[id]/guests/[userId]/mute/route";
import * as guestHand from "@/app/api/livestream/[id]/guests/[userId]/hand/route";
import * as inviteRespond from "@/app/api/livestream/[id]/invite/respond/route";
import * as hand from "@/app/api/livestream/[id]/hand/route";
import * as layout from "@/app/api/livestream/[id]/layout/route";
import * as moderation from "@/app/api/livestream/[id]/moderation/route";
import * as moderationLog from "@/app/api/livestream/[id]/moderation/log/route";
import * as chatClear from "@/app/api/livestream/[id]/chat/clear/route";
import * as userCard from "@/app/api/livestream/[id]/users/[userId]/route";
import * as trending from "@/app/api/livestream/trending/route";
import * as search from "@/app/api/livestream/search/route";
import * as categories from "@/app/api/livestream/categories/route";
import * as category from "@/app/api/livestream/category/[category]/route";
import * as upcoming from "@/app/api/livestream/upcoming/route";
import * as health from "@/app/api/health/route";
import * as recording from "@/app/api/recordings/[id]/route";
import * as recordingVideo from "@/app/api/recordings/[id]/video/route";
import * as recordingPoster from "@/app/api/recordings/[id]/poster/route";
import * as userRecordings from "@/app/api/users/[id]/recordings/route";
import * as streamRecording from "@/app/api/livestream/[id]/recording/route";
import * as streamThumbnail from "@/app/api/livestream/[id]/thumbnail/route";
import * as livekitWebhook from "@/app/api/livekit/webhook/route";
import * as whipEndpoint from "@/app/api/ingest/whip/route";
import * as whipSession from "@/app/api/ingest/whip/[resourceId]/route";
import * as streamDonate from "@/app/api/livestream/[id]/donate/route";
import * as streamTicket from "@/app/api/livestream/[id]/ticket/route";
import * as subscribe from "@/app/api/livestream/subscribe/route";
import * as mySubscriptions from "@/app/api/users/me/subscriptions/route";
import * as mySubscription from "@/app/api/users/me/subscriptions/[creatorId]/route";
import * as paymentsConfig from "@/app/api/payments/config/route";
import * as stripeWebhook from "@/app/api/stripe/webhook/route";
import * as myEarnings from "@/app/api/users/me/earnings/route";
import * as myPayouts from "@/app/api/users/me/payouts/route";
import * as myPayoutsOnboard from "@/app/api/users/me/payouts/onboard/route";

export type ApiRoute = { path: string; module: Readonly<Record<string, unknown>> };

/**
 * Every route module of the API with the URL its folder gives it. Only file → path lives here: methods,
 * schemas and summaries are read from the modules' exports. Next loads route modules lazily, so no runtime
 * registry could be complete; route-index.test.ts walks app/api and fails when this list and the tree differ.
 */
export const API_ROUTES: readonly ApiRoute[] = [
  { path: "/api/auth/register", module: authRegister },
  { path: "/api/auth/login", module: authLogin },
  { path: "/api/auth/logout", module: authLogout },
  { path: "/api/auth/verify-email/resend", module: authVerifyResend },
  { path: "/api/users/me", module: usersMe },
  { path: "/api/users/{id}", module: user },
  { path: "/api/users/{id}/follow", module: userFollow },
  { path: "/api/users/{id}/streams", module: userStreams },
  { path: "/api/livestream/create", module: streamCreate },
  { path: "/api/livestream/{id}", module: stream },
  { path: "/api/livestream/{id}/start", module: streamStart },
  { path: "/api/livestream/{id}/pause", module: streamPause },
  { path: "/api/livestream/{id}/resume", module: streamResume },
  { path: "/api/livestream/{id}/end", module: streamEnd },
  { path: "/api/livestream/{id}/key", module: streamKey },
  { path: "/api/livestream/{id}/key/rotate", module: streamKeyRotate },
  { path: "/api/livestream/{id}/token", module: streamToken },
  { path: "/api/livestream/{id}/like", module: streamLike },
  { path: "/api/livestream/{id}/share", module: streamShare },
  { path: "/api/livestream/user/streams", module: myStreams },
  { path: "/api/livestream/user/analytics", module: channelAnalytics },
  { path: "/api/livestream/user/analytics/{streamId}", module: streamAnalytics },
  { path: "/api/livestream/user/analytics/{streamId}/export.csv", module: streamAnalyticsCsv },
  { path: "/api/livestream/{id}/chat", module: chat },
  { path: "/api/livestream/{id}/chat/{messageId}", module: chatMessage },
  { path: "/api/livestream/{id}/reactions", module: reactions },
  { path: "/api/livestream/{id}/bans", module: bans },
  { path: "/api/livestream/{id}/bans/{userId}", module: ban },
  { path: "/api/livestream/{id}/timeouts", module: timeouts },
  { path: "/api/livestream/{id}/timeouts/{userId}", module: timeout },
  { path: "/api/livestream/{id}/moderators", module: moderators },
  { path: "/api/livestream/{id}/moderators/{userId}", module: moderator },
  { path: "/api/livestream/{id}/guests", module: guests },
  { path: "/api/livestream/{id}/guests/{userId}", module: guest },
  { path: "/api/livestream/{id}/guests/{userId}/mute", module: guestMute },
  { path: "/api/livestream/{id}/guests/{userId}/hand", module: guestHand },
  { path: "/api/livestream/{id}/invite/respond", module: inviteRespond },
  { path: "/api/livestream/{id}/hand", module: hand },
  { path: "/api/livestream/{id}/layout", module: layout },
  { path: "/api/livestream/{id}/moderation", module: moderation },
  { path: "/api/livestream/{id}/moderation/log", module: moderationLog },
  { path: "/api/livestream/{id}/chat/clear", module: chatClear },
  { path: "/api/livestream/{id}/users/{userId}", module: userCard },
  { path: "/api/livestream/trending", module: trending },
  { path: "/api/livestream/search", module: search },
  { path: "/api/livestream/categories", module: categories },
  { path: "/api/livestream/category/{category}", module: category },
  { path: "/api/livestream/upcoming", module: upcoming },
  { path: "/api/health", module: health },
  { path: "/api/recordings/{id}", module: recording },
  { path: "/api/recordings/{id}/video", module: recordingVideo },
  { path: "/api/recordings/{id}/poster", module: recordingPoster },
  { path: "/api/users/{id}/recordings", module: userRecordings },
  { path: "/api/livestream/{id}/recording", module: streamRecording },
  { path: "/api/livestream/{id}/thumbnail", module: streamThumbnail },
  { path: "/api/livekit/webhook", module: livekitWebhook },
  { path: "/api/ingest/whip", module: whipEndpoint },
  { path: "/api/ingest/whip/{resourceId}", module: whipSession },
  { path: "/api/livestream/{id}/donate", module: streamDonate },
  { path: "/api/livestream/{id}/ticket", module: streamTicket },
  { path: "/api/livestream/subscribe", module: subscribe },
  { path: "/api/users/me/subscriptions", module: mySubscriptions },
  { path: "/api/users/me/subscriptions/{creatorId}", module: mySubscription },
  { path: "/api/payments/config", module: paymentsConfig },
  { path: "/api/stripe/webhook", module: stripeWebhook },
  { path: "/api/users/me/earnings", module: myEarnings },
  { path: "/api/users/me/payouts", module: myPayouts },
  { path: "/api/users/me/payouts/onboard", module: myPayoutsOnboard },
];

/** Route files under app/api that are deliberately left out of the document, each with why. */
export const NOT_DOCUMENTED: Readonly<Record<string, string>> = {
  "app/api/[...path]/route.ts": "the catch-all that answers unknown API paths with a JSON 404; it is no operation",
  "app/api/auth/[...nextauth]/route.ts": "next-auth's own endpoints (OAuth callbacks, CSRF, session) for the browser; their contract is next-auth's",
  "app/api/openapi.json/route.ts": "serves this document; it describes the API, it is not part of it",
};
