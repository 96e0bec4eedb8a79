import path from "node:path";
import { config } from "@/lib/config";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/logger";
import { authenticateEncoder, type EncoderTarget } from "@/lib/media/encoder-auth";
import { ENCODER_KICK_CHANNEL } from "@/lib/realtime/encoder-kick";
import { boardKeys, cancelJob, enqueueJob, parseJob } from "@/lib/realtime/media-jobs";
import { redisClient, type Redis } from "@/lib/realtime/redis";
import type { RtmpSession } from "node-media-server/nms-internals";
import { broadcastOf, listenRtmp, type Gate } from "@/workers/ingest/nms-gate";
import { claimPublisher, pullToken, releasePublisher, renewPublisher, validPullToken } from "@/workers/ingest/publishers";
import type { IngestData } from "@/workers/ingest/ingest-job";

const APP = "live";
/** How long to wait for the encoder's first media headers before starting the ingest job anyway. */
const HEADERS_WAIT_MS = 3_000;
const RENEW_MS = 2_000;

type Live = { session: RtmpSession; target: EncoderTarget; holder: string };

function refusal(err: unknown): string {
  if (err instanceof AppError && err.code === "STREAM_ENDED") return "This stream has ended: create a new stream for a new key";
  if (err instanceof AppError && err.code === "UNAUTHENTICATED") return "Invalid stream key";
  throw err;
}

async function waitForHeaders(session: RtmpSession): Promise<void> {
  const deadline = Date.now() + HEADERS_WAIT_MS;
  while (Date.now() < deadline && !session.socket.destroyed) {
    const b = session.broadcast;
    // Encoders send metadata, then the audio and video configs together; a moment more catches the audio one.
    if (b.rtmpVideoHeader) return void (await new Promise((r) => setTimeout(r, b.rtmpAudioHeader ? 0 : 300)));
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The RTMP listener of a media worker: `rtmp://host:RTMP_PORT/live/<streamKey>`. A publish is allowed only for
 * a valid key with no other encoder live on it (anywhere); it then becomes an "ingest" job (any worker may run
 * it: it pulls the publish back with a token only this platform can make). Nobody else may play. The encoder
 * going away (or being cut off when its key rotates) cancels the job, so the room shows the host reconnecting.
 */
export async function startRtmpServer(opts: { workerId: string }): Promise<{ stop: () => Promise<void> }> {
  const cfg = config();
  const client = redisClient();
  if (!client) throw new Error("RTMP ingest needs Redis");
  const redis: Redis = await client;
  const live = new Map<string, Live>();
  const closing = new Set<Promise<void>>();
  // A job may run on another worker: it pulls from the address this one advertises.
  const pullHost = cfg.RTMP_PULL_HOST ?? (cfg.RTMP_BIND === "0.0.0.0" || cfg.RTMP_BIND === "::" ? "127.0.0.1" : cfg.RTMP_BIND);

  const onClose = async (entry: Live, timer: NodeJS.Timeout) => {
    clearInterval(timer);
    const { streamId } = entry.target;
    if (live.get(streamId) === entry) live.delete(streamId);
    await releasePublisher(redis, streamId, entry.holder);
    // Only the job this session started: a reconnected encoder may already have replaced it.
    const job = parseJob(await redis.hGet(boardKeys().jobs, `ingest:${streamId}`));
    if (job && job.data.rtmpSession === entry.session.id) await cancelJob("ingest", streamId);
    log.info("rtmp publish ended", { streamId, session: entry.session.id });
  };

  const accepted = async (session: RtmpSession, target: EncoderTarget, holder: string) => {
    const entry: Live = { session, target, holder };
    live.set(target.streamId, entry);
    // node-media-server keeps a dropped publish 30 s for the same client to resume into; here a drop ends
    // the ingest at once (viewers see "reconnecting") and a reconnect starts a fresh one.
    session.broadcast.publishGraceMs = 0;
    const timer = setInterval(() => {
      void renewPublisher(redis, target.streamId, holder)
        .then((held) => held || session.socket.destroy())
        .catch((err: unknown) => log.warn("rtmp publisher renewal failed", { err: String(err) }));
    }, RENEW_MS);
    session.socket.once("close", () => {
      const p = onClose(entry, timer).catch((err: unknown) => log.warn("rtmp publish cleanup failed", { err: String(err) }));
      closing.add(p);
      void p.finally(() => closing.delete(p));
    });
    log.info("rtmp publish started", { streamId: target.streamId, session: session.id });
    await waitForHeaders(session);
    if (session.socket.destroyed) return;
    const data: IngestData = {
      rtmpSession: session.id,
      rtmpWorker: opts.workerId,
      pullUrl: `rtmp://${pullHost}:${cfg.RTMP_PORT}/${APP}/${session.streamName}?pull=${pullToken(session.id)}`,
      roomId: target.roomId,
      hostId: target.hostId,
      hasAudio: Boolean(session.broadcast.rtmpAudioHeader),
    };
    await enqueueJob("ingest", target.streamId, data);
  };

  const gate: Gate = {
    publish: async ({ app, name, session }) => {
      if (app !== APP) return { ok: false, reason: `Publish to rtmp://host/${APP}/<stream key>` };
      let target: EncoderTarget;
      try {
        target = await authenticateEncoder(name);
      } catch (err) {
        return { ok: false, reason: refusal(err) };
      }
      const holder = `${opts.workerId}/${session.id}`;
      if (!(await claimPublisher(redis, target.streamId, holder))) return { ok: false, reason: "Another encoder is already live with this key" };
      return {
        ok: true,
        accepted: (s) => void accepted(s, target, holder).catch((err: unknown) => log.warn("rtmp ingest start failed", { err: String(err) })),
        abandoned: () => void releasePublisher(redis, target.streamId, holder).catch(() => undefined),
      };
    },
    allowPlay: ({ app, name, query }) => {
      if (app !== APP) return false;
      const b = broadcastOf(`/${app}/${name}`);
      return Boolean(b?.publisher && b.getPublishStatus() === "publishing" && validPullToken(b.publisher.id, query.pull));
    },
    log: (level, message) => (level === "error" || level === "warn" ? log.warn(`rtmp: ${message}`) : log.debug(`rtmp: ${message}`)),
  };

  const listener = await listenRtmp({ bind: cfg.RTMP_BIND, port: cfg.RTMP_PORT, storePath: path.resolve(cfg.MEDIA_DIR, "rtmp"), gate });

  // Key rotation (or an end) elsewhere: the encoder on this worker is cut off at once.
  const sub = redis.duplicate();
  sub.on("error", (err: unknown) => log.warn("rtmp kick subscriber error", { err: String(err) }));
  await sub.connect();
  await sub.subscribe(ENCODER_KICK_CHANNEL, (streamId) => {
    const entry = live.get(streamId);
    if (!entry) return;
    log.info("rtmp encoder cut off", { streamId, session: entry.session.id });
    entry.session.socket.destroy();
  });

  return {
    stop: async () => {
      // Bounded throughout: on Ctrl-C Redis may already be gone, and its commands would wait for it forever.
      sub.destroy();
      for (const entry of live.values()) entry.session.socket.destroy();
      await listener.stop();
      await Promise.race([Promise.allSettled([...closing]), new Promise((r) => setTimeout(r, 2_000).unref())]);
    },
  };
}
