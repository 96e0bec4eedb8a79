import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createServer } from "node:net";

/**
 * The S3 driver of the recording storage (lib/media/storage.ts) against moto's S3 server (a real HTTP S3
 * implementation, provisioned by scripts/provision.sh moto): multipart upload through lib-storage, HEAD,
 * ranged GET served as 206 by the same code the video route uses, delete. The worker-to-app path with local
 * storage is covered by recording.test.ts.
 */
const ROOT = path.resolve(import.meta.dirname, "..");
let moto: ChildProcess | null = null;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

before(async () => {
  const provisioned = spawnSync("bash", [path.join(ROOT, "scripts/provision.sh"), "moto"], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], timeout: 300_000 });
  const bin = provisioned.stdout.trim();
  assert.ok(provisioned.status === 0 && bin, "scripts/provision.sh moto");
  const port = await freePort();
  moto = spawn(bin, ["-H", "127.0.0.1", "-p", String(port)], { stdio: "ignore" });
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    const up = await fetch(endpoint).then(() => true, () => false);
    if (up) break;
    if (Date.now() > deadline) throw new Error("moto_server did not start");
    await new Promise((r) => setTimeout(r, 200));
  }
  Object.assign(process.env, { S3_BUCKET: "recordings-test", S3_ENDPOINT: endpoint, S3_REGION: "us-east-1", S3_ACCESS_KEY_ID: "test", S3_SECRET_ACCESS_KEY: "test", S3_FORCE_PATH_STYLE: "true" });
  const { S3Client, CreateBucketCommand } = await import("@aws-sdk/client-s3");
  await new S3Client({ region: "us-east-1", endpoint, forcePathStyle: true, credentials: { accessKeyId: "test", secretAccessKey: "test" } }).send(new CreateBucketCommand({ Bucket: "recordings-test" }));
});

after(() => {
  moto?.kill("SIGKILL");
});

describe("recording storage on S3", { timeout: 120_000 }, () => {
  test("upload, ranged reads as 206, validators, delete", async () => {
    const storage = await import("@/lib/media/storage");
    const { mediaResponse } = await import("@/lib/http/media-response");
    assert.equal(storage.archiveDriver(), "s3");
    // Larger than one 5 MiB part, so lib-storage uploads it in parts.
    const data = randomBytes(6 * 1024 * 1024 + 12345);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "rec-")), "video.mp4");
    fs.writeFileSync(file, data);
    const key = `recordings/${randomBytes(12).toString("hex")}/video.mp4`;
    await storage.putArchiveFile(key, file, "video/mp4");
    assert.equal(fs.existsSync(file), false, "the local copy goes once uploaded");
    assert.equal((await storage.statArchiveFile(key, "s3"))?.size, data.length);

    const media = await storage.archiveMediaFile(key, "s3", "video/mp4", true);
    assert.ok(media);
    const url = "http://app.test/api/recordings/x/video";
    const part = await mediaResponse(new Request(url, { headers: { Range: "bytes=5242000-5243999" } }), media, { cacheControl: "public, max-age=3600", ranges: true });
    assert.equal(part.status, 206);
    assert.equal(part.headers.get("content-range"), `bytes 5242000-5243999/${data.length}`);
    assert.deepEqual(Buffer.from(await part.arrayBuffer()), data.subarray(5242000, 5244000));
    const tail = await mediaResponse(new Request(url, { headers: { Range: "bytes=-100" } }), media, { cacheControl: "public", ranges: true });
    assert.deepEqual(Buffer.from(await tail.arrayBuffer()), data.subarray(data.length - 100));
    const whole = await mediaResponse(new Request(url), media, { cacheControl: "public", ranges: true });
    assert.equal(whole.status, 200);
    assert.deepEqual(Buffer.from(await whole.arrayBuffer()), data);
    const etag = whole.headers.get("etag") ?? "";
    assert.equal((await mediaResponse(new Request(url, { headers: { "If-None-Match": etag } }), media, { cacheControl: "public", ranges: true })).status, 304);
    await assert.rejects(mediaResponse(new Request(url, { headers: { Range: `bytes=${data.length}-` } }), media, { cacheControl: "public", ranges: true }), (err: { code?: string }) => err.code === "RANGE_NOT_SATISFIABLE");

    await storage.removeArchiveFile(key, "s3");
    assert.equal(await storage.statArchiveFile(key, "s3"), null);
  });
});
