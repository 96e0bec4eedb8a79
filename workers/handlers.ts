import type { JobType } from "@/lib/realtime/media-jobs";
import type { JobHandler } from "@/workers/runtime/job-runner";
import { recordJob } from "@/workers/record/record-job";

/** The job types this worker runs (ingest, record, thumbnail), each in its own module under workers/. */
export const mediaHandlers: Partial<Record<JobType, JobHandler>> = {
  record: recordJob,
};

export type MediaServices = { stop: () => Promise<void> };

/** Long-running listeners of the worker (the RTMP server when `rtmp`). */
export async function startMediaServices(_opts: { workerId: string; rtmp: boolean }): Promise<MediaServices> {
  return { stop: async () => undefined };
}
