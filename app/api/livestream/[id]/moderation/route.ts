import { route } from "@/lib/http/route";
import { streamIdParams } from "@/lib/streams/schemas";
import { moderationSettings, moderationSettingsInput } from "@/lib/moderation/schemas";
import { getModerationSettings, updateModerationSettings } from "@/lib/moderation/settings";

const T = "Moderation";

export const GET = route(
  { tag: T, summary: "The channel's chat rules, word list included (host and moderators)", auth: "required", params: streamIdParams, response: moderationSettings, errors: [403, 404] },
  ({ actor, params }) => getModerationSettings(actor, params.id),
);

export const PATCH = route(
  {
    tag: T,
    summary: "Change the channel's chat rules: chat modes and slow mode (host and moderators); word list, link blocking, auto-moderation (host and lead moderators)",
    auth: "required",
    params: streamIdParams,
    body: moderationSettingsInput,
    response: moderationSettings,
    errors: [403, 404],
  },
  ({ actor, params, body }) => updateModerationSettings(actor, params.id, body),
);
