import type { JobType } from "@/lib/realtime/media-jobs";
import type { JobHandler } from "@/workers/runtime/job-runner";
import { ingestJob } from "@/workers/ingest/ingest-job";
import { startRtmpServer } from "@/workers/ingest/rtmp-server";
import { recordJob } from "@/workers/record/record-job";

/** The job types this worker runs (ingest, record, thumbnail), each in its own module under workers/. */
export const mediaHandlers: Partial<Record<JobType, JobHandler>> = {
  ingest: ingestJob,
  record: recordJob,
};

export type MediaServices = { stop: () => Promise<void> };

/** Long-running listeners of the worker (the RTMP server when `rtmp`). */
export async function startMediaServices(opts: { workerId: string; rtmp: boolean }): Promise<MediaServices> {
  const rtmp = opts.rtmp ? await startRtmpServer({ workerId: opts.workerId }) : null;
  return {
    stop: async () => {
      await rtmp?.stop();
    },
  };
}
