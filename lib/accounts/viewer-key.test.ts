import { test } from "node:test";
import assert from "node:assert/strict";
import { issueViewerKey, viewerIdOf } from "@/lib/accounts/viewer-key";
import { joinStreamInput } from "@/lib/chat/schemas";

test("a key the server issued verifies to its id; anything else is refused", () => {
  const key = issueViewerKey();
  const id = viewerIdOf(key);
  assert.match(id ?? "", /^[a-f0-9]{16}$/);
  assert.ok(key.startsWith(`${id}-`));
  assert.notEqual(issueViewerKey(), key);
  // The join_stream schema carries it as it is.
  assert.equal(joinStreamInput.parse({ streamId: "0123456789abcdef01234567", viewerKey: key }).viewerKey, key);

  const other = issueViewerKey();
  const forged = `${"0".repeat(16)}${key.slice(16)}`;
  const spliced = `${id}${other.slice(16)}`;
  for (const bad of [forged, spliced, "anon-key-123456", `${key}x`, key.toUpperCase(), "", null, undefined]) assert.equal(viewerIdOf(bad), null, String(bad));
});
