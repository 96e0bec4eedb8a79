// The parts of node-media-server 4.4.3 (pinned in package.json) the RTMP listener touches; the package ships
// no types. Internal modules are reached through their files (see nms-gate.ts for why).
declare module "node-media-server" {
  import type { Server } from "node:net";
  type NmsConfig = { bind?: string; rtmp?: { port?: number }; store?: { path?: string }; webadmin?: { enable?: boolean } };
  export default class NodeMediaServer {
    constructor(config: NmsConfig);
    rtmpServer: { tcpServer?: Server; handleRequest: (socket: import("node:net").Socket) => void; stop: () => void; run: () => void };
    stop(): Promise<void>;
  }
}

declare module "node-media-server/nms-internals" {
  import type { Socket } from "node:net";
  export type InvokeMessage = { streamName: string };
  export type RtmpProtocol = {
    streamApp: string;
    streamName: string;
    streamHost: string;
    streamQuery: Record<string, unknown>;
    streamId: number;
    parserPacket: { header: { stream_id: number } };
    onPublish: (msg: InvokeMessage) => void;
    onPlay: (msg: InvokeMessage) => void;
    respondPublish: () => void;
    sendStatusMessage: (sid: number, level: string, code: string, description: string) => void;
    onConnectCallback: (req: { app: string; name: string; host: string; query: Record<string, unknown> }) => void;
    onPushCallback: () => void;
  };
  export type BroadcastServer = {
    publisher: RtmpSession | null;
    publishGraceMs: number;
    rtmpAudioHeader: Buffer | null;
    rtmpVideoHeader: Buffer | null;
    getPublishStatus: () => "publishing" | "reconnecting" | "idle";
  };
  export type RtmpSession = {
    id: string;
    ip: string;
    socket: Socket;
    rtmp: RtmpProtocol;
    streamApp: string;
    streamName: string;
    streamPath: string;
    isPublisher: boolean;
    broadcast: BroadcastServer;
    audioCodec: number;
    videoWidth: number;
    videoHeight: number;
  };
  export type Context = { sessions: Map<string, RtmpSession>; broadcasts: Map<string, BroadcastServer> };
}
