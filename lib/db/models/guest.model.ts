import mongoose, { Schema, type Model } from "mongoose";
import { GUEST_KINDS, GUEST_STATUSES, type GuestKind, type GuestPermissions, type GuestStatus } from "@/lib/guests/schemas";

/**
 * One person's place on a stream's stage: invited, asking (a raised hand) or on stage. Keyed
 * `_id: "<streamId>:<userId>"` because FerretDB only pushes down `{ _id }` filters: the access module's
 * per-message lookup and every use case read it by id; only the studio's list reads by stream (cached).
 */
const guestSchema = new Schema(
  {
    _id: { type: String, required: true },
    stream: { type: String, required: true },
    user: { type: String, required: true },
    username: { type: String, required: true },
    displayName: { type: String, required: true },
    kind: { type: String, enum: GUEST_KINDS, required: true },
    status: { type: String, enum: GUEST_STATUSES, required: true },
    permissions: {
      camera: { type: Boolean, default: true },
      microphone: { type: Boolean, default: true },
      screenShare: { type: Boolean, default: false },
      moderateChat: { type: Boolean, default: false },
    },
    invitedBy: { type: String },
    /** When an invite lapses (read against the clock); null for a raised hand and for someone on stage. */
    expiresAt: { type: Date, default: null },
  },
  { timestamps: true, _id: false },
);
guestSchema.index({ stream: 1 });

export type GuestDoc = {
  _id: string;
  stream: string;
  user: string;
  username: string;
  displayName: string;
  kind: GuestKind;
  status: GuestStatus;
  permissions: GuestPermissions;
  invitedBy?: string;
  expiresAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

export const GuestModel: Model<GuestDoc> = (mongoose.models.StreamGuest as Model<GuestDoc> | undefined) ?? mongoose.model<GuestDoc>("StreamGuest", guestSchema);
