import { test } from "node:test";
import assert from "node:assert/strict";
import { TrackSource } from "livekit-server-sdk";
import { grantsFor, stagePermission } from "@/lib/livekit/tokens";
import { permissionsFor } from "@/lib/guests/invites";
import { stageGrantOf } from "@/lib/guests/stage-media";
import { DEFAULT_PERMISSIONS } from "@/lib/guests/schemas";

test("a guest's LiveKit permission is exactly their row's: nothing allowed publishes nothing", () => {
  assert.deepEqual(stagePermission(null), { canSubscribe: true, canPublish: false, canPublishData: false, canPublishSources: [] });
  assert.deepEqual(stagePermission({ camera: false, microphone: false, screenShare: false }).canPublish, false, "an empty source list would mean every source");
  assert.deepEqual(stagePermission({ camera: true, microphone: false, screenShare: false }).canPublishSources, [TrackSource.CAMERA]);
  assert.deepEqual(stagePermission({ camera: true, microphone: true, screenShare: true }).canPublishSources, [TrackSource.CAMERA, TrackSource.MICROPHONE, TrackSource.SCREEN_SHARE, TrackSource.SCREEN_SHARE_AUDIO]);
  const g = grantsFor("guest", "room-1", { camera: false, microphone: true, screenShare: false });
  assert.deepEqual([g.room, g.canPublish, g.canPublishSources, g.canSubscribe, g.roomAdmin], ["room-1", true, [TrackSource.MICROPHONE], true, false]);
  assert.equal(grantsFor("guest", "room-1").canPublish, false, "a guest token without a row publishes nothing");
});

test("only someone on stage has a grant; only co-hosts moderate the chat", () => {
  assert.equal(stageGrantOf(null), null);
  assert.equal(stageGrantOf({ status: "invited", permissions: DEFAULT_PERMISSIONS }), null);
  assert.equal(stageGrantOf({ status: "requested", permissions: DEFAULT_PERMISSIONS }), null);
  assert.deepEqual(stageGrantOf({ status: "active", permissions: { ...DEFAULT_PERMISSIONS, screenShare: true } }), { camera: true, microphone: true, screenShare: true });
  assert.equal(permissionsFor("guest", { moderateChat: true }).moderateChat, false);
  assert.equal(permissionsFor("cohost", { moderateChat: true }).moderateChat, true);
  assert.deepEqual(permissionsFor("guest", { camera: false }, { ...DEFAULT_PERMISSIONS, screenShare: true }), { camera: false, microphone: true, screenShare: true, moderateChat: false });
});
