import { after, test } from "node:test";
import assert from "node:assert/strict";
import mongoose from "mongoose";
import { connectDb, disconnectDb } from "@/lib/db/connection";
// This test is of the model layer itself (how a stream document's writes meet on the real store).
// eslint-disable-next-line @typescript-eslint/no-restricted-imports
import { STREAM_COLLECTION, StreamModel } from "@/lib/db/models/stream.model";
import { holdDocs } from "@/lib/db/serial-writes";
import { generateRoomId, generateStreamKey } from "@/lib/streams/stream-key";

after(async () => {
  await disconnectDb();
});

/**
 * On the suite's real store (FerretDB), many updates of one stream document at once: each must land. Before
 * the stream model held its writes (lib/db/serial-writes.ts), 100 concurrent `$inc` of one document ended at
 * about 5, and a host's edit racing a counter flush could be undone.
 */
test("concurrent updates of one stream document all land: $inc, $set, and a bulk counter flush", async () => {
  await connectDb();
  const doc = await StreamModel.create({ title: "serial", category: "gaming", host: new mongoose.Types.ObjectId(), streamKey: generateStreamKey(), roomId: generateRoomId() });
  const id = doc._id.toString();
  try {
    const bulk = async (n: number) => {
      const release = await holdDocs(STREAM_COLLECTION, [id]);
      try {
        await StreamModel.bulkWrite([{ updateOne: { filter: { _id: id }, update: { $inc: { "analytics.chatMessages": n } } } }], { ordered: false });
      } finally {
        release();
      }
    };
    await Promise.all([
      ...Array.from({ length: 60 }, () => StreamModel.updateOne({ _id: id }, { $inc: { "analytics.likes": 1 } })),
      ...Array.from({ length: 20 }, () => bulk(2)),
      StreamModel.updateOne({ _id: id }, { $set: { title: "edited", streamType: "subscribers_only" } }),
      StreamModel.updateOne({ _id: id }, { $inc: { "analytics.shares": 1 } }),
    ]);
    const after = await StreamModel.findById(id).lean();
    assert.deepEqual(
      [after?.analytics?.likes, after?.analytics?.chatMessages, after?.analytics?.shares, after?.title, after?.streamType],
      [60, 40, 1, "edited", "subscribers_only"],
    );
  } finally {
    await StreamModel.deleteOne({ _id: id });
  }
});
