import { handler, type EventHandler } from "@/lib/socket/dispatch";
import { getActor, requireSocketActor } from "@/lib/socket/socket-actor";
import { streamRef } from "@/lib/chat/schemas";
import { guestTargetEvent, inviteGuestEvent, muteGuestEvent, raiseHandEvent, resolveHandEvent, respondInviteEvent, setLayoutEvent, updatePermissionsEvent } from "@/lib/guests/schemas";
import { inviteGuest, respondInvite } from "@/lib/guests/invites";
import { raiseHand, resolveHand } from "@/lib/guests/hands";
import { listGuests, muteGuest, removeGuest, updateGuestPermissions } from "@/lib/guests/manage";
import { setLayout } from "@/lib/guests/layout";

/**
 * invite_guest, respond_invite, raise_hand, resolve_hand, update_guest_permissions, mute_guest, remove_guest,
 * set_layout, list_guests: the same use cases as the REST routes under /api/livestream/{id}/guests.
 * What they change is broadcast by the use cases (guest_invited, hand_raised, guest_updated, guest_removed,
 * layout_changed).
 */
export const guestEvents: Record<string, EventHandler> = {
  invite_guest: handler(inviteGuestEvent, (socket, { streamId, ...input }) => inviteGuest(requireSocketActor(socket), streamId, input)),
  respond_invite: handler(respondInviteEvent, (socket, { streamId, accept }) => respondInvite(requireSocketActor(socket), streamId, accept)),
  raise_hand: handler(raiseHandEvent, (socket, { streamId, raised }) => raiseHand(requireSocketActor(socket), streamId, raised)),
  resolve_hand: handler(resolveHandEvent, (socket, { streamId, userId, ...input }) => resolveHand(requireSocketActor(socket), streamId, userId, input)),
  update_guest_permissions: handler(updatePermissionsEvent, (socket, { streamId, userId, permissions }) => updateGuestPermissions(requireSocketActor(socket), streamId, userId, permissions)),
  mute_guest: handler(muteGuestEvent, (socket, { streamId, userId, source }) => muteGuest(requireSocketActor(socket), streamId, userId, source)),
  remove_guest: handler(guestTargetEvent, (socket, { streamId, userId }) => removeGuest(requireSocketActor(socket), streamId, userId)),
  set_layout: handler(setLayoutEvent, (socket, { streamId, layout }) => setLayout(requireSocketActor(socket), streamId, layout)),
  list_guests: handler(streamRef, (socket, { streamId }) => listGuests(getActor(socket), streamId)),
};
