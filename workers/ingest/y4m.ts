/**
 * Reads ffmpeg's `-f yuv4mpegpipe` output: a header line with the picture size (so the ingest needs no probe),
 * then `FRAME\n` + one planar 4:2:0 picture per frame. ffmpeg scales a mid-stream size change to the first
 * size (its default `-autoscale`), so the size is fixed for the stream's life.
 */
export type Y4mHeader = { width: number; height: number };

export class Y4mReader {
  private chunks: Buffer[] = [];
  private size = 0;
  private header: Y4mHeader | null = null;
  private frameBytes = 0;

  constructor(private readonly on: { header: (h: Y4mHeader) => void; frame: (i420: Buffer) => void }) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    for (;;) {
      // A frame is "FRAME\n" and its picture: nothing to do (and no copying) until that much has arrived.
      if (this.header && this.size < this.frameBytes + 6) return;
      const buf = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.size);
      this.chunks = [buf];
      const nl = buf.indexOf(0x0a);
      if (nl < 0) return;
      const line = buf.subarray(0, nl).toString("latin1");
      if (!this.header) {
        const w = /\sW(\d+)/.exec(line)?.[1];
        const h = /\sH(\d+)/.exec(line)?.[1];
        if (!line.startsWith("YUV4MPEG2") || !w || !h) throw new Error(`not a y4m stream: ${line.slice(0, 60)}`);
        this.header = { width: Number(w), height: Number(h) };
        const cw = Math.ceil(this.header.width / 2);
        const ch = Math.ceil(this.header.height / 2);
        this.frameBytes = this.header.width * this.header.height + 2 * cw * ch;
        this.on.header(this.header);
        this.consume(buf, nl + 1);
        continue;
      }
      if (!line.startsWith("FRAME")) throw new Error("y4m stream out of sync");
      if (buf.length < nl + 1 + this.frameBytes) return;
      this.on.frame(buf.subarray(nl + 1, nl + 1 + this.frameBytes));
      this.consume(buf, nl + 1 + this.frameBytes);
    }
  }

  private consume(buf: Buffer, n: number): void {
    const rest = buf.subarray(n);
    this.chunks = rest.length ? [rest] : [];
    this.size = rest.length;
  }
}
