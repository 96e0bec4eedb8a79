import { createServer } from "node:http";
import { Server } from "socket.io";

/** The baseline: a bare Socket.IO server that only joins rooms and does io.to(room).emit(...). */
const port = Number(process.env.PORT ?? 0);
// GET /heap: heap in use after a full GC (started with --expose-gc), to compare memory per viewer.
const http = createServer((req, res) => {
  (globalThis as { gc?: () => void }).gc?.();
  res.end(String(process.memoryUsage().heapUsed));
});
const io = new Server(http, { perMessageDeflate: false, httpCompression: false, maxHttpBufferSize: 16 * 1024 });
io.on("connection", (socket) => {
  socket.on("join", (room: string, ack?: (r: unknown) => void) => {
    void socket.join(room);
    ack?.({ success: true });
  });
  socket.on("chat", (msg: { room: string; message: string }, ack?: (r: unknown) => void) => {
    io.to(msg.room).emit("stream_chat_message", { message: msg.message });
    ack?.({ success: true });
  });
});
http.listen(port, "127.0.0.1", () => process.stdout.write(`READY ${(http.address() as { port: number }).port}\n`));
