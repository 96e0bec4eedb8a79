import { test } from "node:test";
import assert from "node:assert/strict";
import { Types } from "mongoose";
import { StreamModel } from "@/lib/db/models/stream.model";
import { changes } from "@/lib/events";
import { processSingleton } from "@/lib/singleton";
import { streamSnapshot } from "@/lib/access/stream-snapshot";

// The database read is the one part replaced here: what is under test is the cache's answer to an edit that
// lands while a read is under way (the real read is covered end to end by tests/access.test.ts).
processSingleton<{ promise?: Promise<unknown> }>("db", () => ({})).promise = Promise.resolve();

function row(streamType: string) {
  return { _id: id, host: new Types.ObjectId(), status: "live", streamType, features: { chatEnabled: true } };
}
const id = new Types.ObjectId();

test("a read under way when its stream changes answers, but keeps nothing stale", async (t) => {
  let release: (v: unknown) => void = () => undefined;
  const reads: string[] = [];
  t.mock.method(StreamModel, "findById", () => ({
    lean: () => {
      reads.push("read");
      // The first read saw the row before the edit and is slow to come back.
      return reads.length === 1 ? new Promise((r) => (release = r)).then(() => row("subscribers_only")) : Promise.resolve(row("public"));
    },
  }));
  const racing = streamSnapshot(id.toString());
  await new Promise((r) => setImmediate(r));
  changes.emit("stream.changed", { streamId: id.toString() });
  release(undefined);
  assert.equal((await racing).streamType, "subscribers_only", "the racing read answers what it read");
  assert.equal((await streamSnapshot(id.toString())).streamType, "public", "the next read is not served the stale row");
  assert.equal(reads.length, 2);
  assert.equal((await streamSnapshot(id.toString())).streamType, "public");
  assert.equal(reads.length, 2, "a read that started after the change is kept");
});
