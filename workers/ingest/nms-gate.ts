import { createRequire } from "node:module";
import querystring from "node:querystring";
import type { Socket } from "node:net";
import NodeMediaServer from "node-media-server";
import type { Context as NmsContext, InvokeMessage, RtmpSession } from "node-media-server/nms-internals";

/**
 * Hooks into node-media-server 4.4.3's RTMP sessions (PINNED: this reaches its internals, check it again on
 * any upgrade). Its own events cannot refuse cleanly: it answers "NetStream.Publish.Start" before
 * `prePublish` runs and its hooks are synchronous, while the key check is a database lookup. So each new
 * session's `rtmp.onPublish` is replaced: reading pauses, the key is checked, and the encoder gets either
 * `NetStream.Publish.BadName` (and the connection ends) or the original publish steps. Plays are refused the
 * same way unless `allowPlay` says yes (only the worker's own pull).
 */
const require = createRequire(import.meta.url);
const Context = require("node-media-server/src/core/context.js") as NmsContext;
const nmsLogger = require("node-media-server/src/core/logger.js") as { log: (message: string, level?: string) => void };

export type PublishVerdict = { ok: true; accepted: (session: RtmpSession) => void; abandoned: () => void } | { ok: false; reason: string };

export type Gate = {
  publish: (req: { app: string; name: string; session: RtmpSession }) => Promise<PublishVerdict>;
  allowPlay: (req: { app: string; name: string; query: Record<string, unknown>; session: RtmpSession }) => boolean;
  log: (level: string, message: string) => void;
};

const KEY_LIKE = /live_[0-9a-f]{8,}/g;

/** Its logger prints stream paths, which are stream keys: redacted before anything is written. */
function quietLogger(sink: Gate["log"]): void {
  nmsLogger.log = (message: string, level = "info") => sink(level, String(message).replace(KEY_LIKE, "live_***"));
}

export function broadcastOf(streamPath: string) {
  return Context.broadcasts.get(streamPath) ?? null;
}

function refuse(session: RtmpSession, sid: number, code: string, description: string): void {
  session.rtmp.sendStatusMessage(sid, "error", code, description);
  session.socket.end();
  // A client that keeps the socket open after the refusal is cut off.
  setTimeout(() => session.socket.destroy(), 2_000).unref();
}

function guard(session: RtmpSession, gate: Gate): void {
  const rtmp = session.rtmp;
  const originalPlay = rtmp.onPlay.bind(rtmp);

  rtmp.onPublish = (msg: InvokeMessage) => {
    // Captured now: the parser's current packet moves on while the check runs.
    const sid = rtmp.parserPacket.header.stream_id;
    const [name = "", rawQuery = ""] = String(msg.streamName ?? "").split("?");
    session.socket.pause();
    gate
      .publish({ app: rtmp.streamApp, name, session })
      .then((verdict) => {
        if (!verdict.ok) return session.socket.destroyed ? undefined : refuse(session, sid, "NetStream.Publish.BadName", verdict.reason);
        if (session.socket.destroyed) return verdict.abandoned();
        // node-media-server 4.4.3 Rtmp#onPublish, with the stream id captured above.
        rtmp.streamName = name;
        rtmp.streamQuery = querystring.parse(rawQuery);
        rtmp.streamId = sid;
        rtmp.respondPublish();
        rtmp.onConnectCallback({ app: rtmp.streamApp, name, host: rtmp.streamHost, query: rtmp.streamQuery });
        rtmp.onPushCallback();
        if (session.isPublisher) return verdict.accepted(session);
        verdict.abandoned();
        session.socket.destroy();
      })
      .catch((err: unknown) => {
        gate.log("error", `publish check failed: ${String(err)}`);
        refuse(session, sid, "NetStream.Publish.BadName", "The stream key could not be checked; try again");
      })
      .finally(() => {
        if (!session.socket.destroyed) session.socket.resume();
      });
  };

  rtmp.onPlay = (msg: InvokeMessage) => {
    const sid = rtmp.parserPacket.header.stream_id;
    const [name = "", rawQuery = ""] = String(msg.streamName ?? "").split("?");
    if (!gate.allowPlay({ app: rtmp.streamApp, name, query: querystring.parse(rawQuery), session })) {
      return refuse(session, sid, "NetStream.Play.Failed", "Playback over RTMP is not available: watch on the website");
    }
    originalPlay(msg);
  };
}

export type RtmpListener = { stop: () => Promise<void>; sessions: () => RtmpSession[] };

/** Starts only the RTMP listener of node-media-server (no HTTP, store, recording or relays) with the gate. */
export async function listenRtmp(opts: { bind: string; port: number; storePath: string; gate: Gate }): Promise<RtmpListener> {
  quietLogger(opts.gate.log);
  const nms = new NodeMediaServer({ bind: opts.bind, rtmp: { port: opts.port }, store: { path: opts.storePath }, webadmin: { enable: false } });
  const server = nms.rtmpServer.tcpServer;
  if (!server) throw new Error("node-media-server created no RTMP listener");
  server.removeAllListeners("connection");
  server.on("connection", (socket: Socket) => {
    nms.rtmpServer.handleRequest(socket);
    for (const s of Context.sessions.values()) if (s.socket === socket) guard(s, opts.gate);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.bind, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return {
    sessions: () => [...Context.sessions.values()],
    stop: () => nms.stop(),
  };
}
