import { z } from "zod";
import { objectId, trimmedText } from "@/lib/text-input";

/** A co-host helps run the stage (guests, hands, layout; the chat when allowed); a guest is on stage only. */
export const GUEST_KINDS = ["cohost", "guest"] as const;
export type GuestKind = (typeof GUEST_KINDS)[number];
/** invited: waiting for the invitee; requested: a viewer's raised hand; active: on stage. */
export const GUEST_STATUSES = ["invited", "requested", "active"] as const;
export type GuestStatus = (typeof GUEST_STATUSES)[number];
export const LAYOUT_MODES = ["spotlight", "side_by_side", "grid"] as const;
export type LayoutMode = (typeof LAYOUT_MODES)[number];
/** The host's cameras: the first camera and the second (multi-camera), by LiveKit track name. */
export const CAMERA_NAMES = ["camera", "camera-2"] as const;
export type CameraName = (typeof CAMERA_NAMES)[number];
export const MUTE_SOURCES = ["camera", "microphone", "screen_share"] as const;
export type MuteSource = (typeof MUTE_SOURCES)[number];

export const guestPermissions = z.object({
  camera: z.boolean(),
  microphone: z.boolean(),
  screenShare: z.boolean(),
  moderateChat: z.boolean().describe("Co-hosts only: moderate the chat as a moderator while on stage"),
});
export type GuestPermissions = z.infer<typeof guestPermissions>;
export const DEFAULT_PERMISSIONS: GuestPermissions = { camera: true, microphone: true, screenShare: false, moderateChat: false };

const permissionsPatch = guestPermissions
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, "send at least one permission")
  .meta({ minProperties: 1 });

/** A tile on screen: a participant's identity, `<identity>#camera-2` for a second camera, `<identity>#screen` for a screen share (lib/media/identities.ts). */
export const tileKey = z.string().min(1).max(120).regex(/^[A-Za-z0-9_:-]+(#camera-2|#screen)?$/, "must be a participant identity, optionally with #camera-2 or #screen");
export const layout = z
  .object({
    mode: z.enum(LAYOUT_MODES),
    primary: tileKey.nullable().describe("The tile shown largest (spotlight) or first; null: the host's camera"),
    cameras: z.array(z.enum(CAMERA_NAMES)).min(1).max(2).describe("Which of the host's cameras are on screen").refine((v) => new Set(v).size === v.length, "no camera twice").meta({ uniqueItems: true }),
  })
  .strict();
export type Layout = z.infer<typeof layout>;
export const DEFAULT_LAYOUT: Layout = { mode: "spotlight", primary: null, cameras: ["camera"] };

/** REST bodies. */
export const inviteInput = z
  .object({
    userId: objectId.optional(),
    username: trimmedText(40, { required: true }).optional().describe("Instead of userId"),
    kind: z.enum(GUEST_KINDS).default("guest"),
    permissions: guestPermissions.partial().strict().optional().describe("Defaults: camera and microphone on, screen share and chat moderation off"),
  })
  .strict()
  .refine((v) => Boolean(v.userId) !== Boolean(v.username), "send userId or username")
  .meta({ oneOf: [{ required: ["userId"] }, { required: ["username"] }] });
export type InviteInput = z.infer<typeof inviteInput>;
export const respondInput = z.object({ accept: z.boolean() }).strict();
export const handInput = z.object({ raised: z.boolean() }).strict();
export const resolveHandInput = z.object({ accept: z.boolean(), kind: z.enum(GUEST_KINDS).default("guest") }).strict();
export const guestPatchInput = z.object({ permissions: permissionsPatch }).strict();
export const muteInput = z.object({ source: z.enum(MUTE_SOURCES) }).strict();
export const guestParams = z.object({ id: objectId, userId: objectId });

/** Socket payloads: the REST bodies with the stream id (and the guest's user id). */
const s = { streamId: objectId };
export const inviteGuestEvent = z
  .object({ ...s, userId: objectId.optional(), username: trimmedText(40, { required: true }).optional(), kind: z.enum(GUEST_KINDS).default("guest"), permissions: guestPermissions.partial().strict().optional() })
  .strict()
  .refine((v) => Boolean(v.userId) !== Boolean(v.username), "send userId or username");
export const respondInviteEvent = z.object({ ...s, accept: z.boolean() }).strict();
export const raiseHandEvent = z.object({ ...s, raised: z.boolean().default(true) }).strict();
export const resolveHandEvent = z.object({ ...s, userId: objectId, accept: z.boolean(), kind: z.enum(GUEST_KINDS).default("guest") }).strict();
export const updatePermissionsEvent = z.object({ ...s, userId: objectId, permissions: permissionsPatch }).strict();
export const muteGuestEvent = z.object({ ...s, userId: objectId, source: z.enum(MUTE_SOURCES) }).strict();
export const guestTargetEvent = z.object({ ...s, userId: objectId }).strict();
export const setLayoutEvent = z.object({ ...s, layout }).strict();

/** Views. */
export const guestView = z.object({
  streamId: z.string(),
  user: z.object({ id: z.string(), username: z.string(), displayName: z.string() }),
  kind: z.enum(GUEST_KINDS),
  status: z.enum(GUEST_STATUSES),
  permissions: guestPermissions,
  expiresAt: z.string().nullable().describe("When an invite lapses"),
  updatedAt: z.string(),
});
export type GuestView = z.infer<typeof guestView>;
export const guestList = z.object({ guests: z.array(guestView), layout });
export type GuestList = z.infer<typeof guestList>;
export const guestRemovedEvent = z.object({ streamId: z.string(), userId: z.string(), reason: z.enum(["removed", "left", "declined", "expired", "lowered"]) });
export type GuestRemovedEvent = z.infer<typeof guestRemovedEvent>;
export const layoutChangedEvent = z.object({ streamId: z.string(), layout });
export type LayoutChangedEvent = z.infer<typeof layoutChangedEvent>;
export const muteResult = z.object({ muted: z.boolean(), tracks: z.number().int().describe("How many of the guest's tracks were muted") });
export const removedResult = z.object({ removed: z.literal(true), userId: z.string() });
