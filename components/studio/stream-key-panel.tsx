"use client";

import { useState } from "react";
import { LiveStreamError } from "@/lib/client/api";
import { endpoints } from "@/lib/client/endpoints";
import type { StreamKeyInfo } from "@/lib/streams/schemas";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";

/** Reveal, copy and rotate the stream key; the key is fetched only when the host asks for it. */
export function StreamKeyPanel({ streamId }: { streamId: string }) {
  const toast = useToast();
  const [info, setInfo] = useState<StreamKeyInfo | null>(null);
  const [visible, setVisible] = useState(false);
  const [busy, setBusy] = useState(false);

  async function load(rotate = false) {
    setBusy(true);
    try {
      const data = await (rotate ? endpoints.streams.rotateKey(streamId) : endpoints.streams.key(streamId));
      setInfo(data);
      setVisible(true);
      if (rotate) toast.show("New stream key issued; the old one no longer works", "success");
    } catch (err) {
      toast.show(err instanceof LiveStreamError ? err.message : "Could not load the key", "error");
    } finally {
      setBusy(false);
    }
  }

  async function copy(text: string, what: string) {
    try {
      await navigator.clipboard.writeText(text);
      toast.show(`${what} copied`, "success");
    } catch {
      toast.show("Copy failed: select the text and copy it", "error");
    }
  }

  if (!info) {
    return (
      <Button variant="secondary" className="self-start" onClick={() => void load()} disabled={busy}>
        {busy ? "Loading…" : "Show stream key"}
      </Button>
    );
  }
  return (
    <div className="flex flex-col gap-2 rounded-lg border border-border bg-bg p-3 text-sm" data-testid="key-panel">
      <div className="flex flex-wrap items-center gap-2">
        <span className="w-20 text-muted">Server</span>
        <code className="flex-1 truncate">{info.urls.rtmp.slice(0, info.urls.rtmp.lastIndexOf("/"))}</code>
        <Button variant="ghost" onClick={() => void copy(info.urls.rtmp.slice(0, info.urls.rtmp.lastIndexOf("/")), "Server URL")}>
          Copy
        </Button>
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <span className="w-20 text-muted">Stream key</span>
        <code className="flex-1 truncate" data-testid="stream-key">
          {visible ? info.streamKey : "•".repeat(24)}
        </code>
        <Button variant="ghost" onClick={() => setVisible((v) => !v)}>
          {visible ? "Hide" : "Reveal"}
        </Button>
        <Button variant="ghost" onClick={() => void copy(info.streamKey, "Stream key")}>
          Copy
        </Button>
        <Button
          variant="ghost"
          disabled={busy}
          onClick={() => {
            if (window.confirm("Rotate the stream key? Encoders using the old key will be disconnected.")) void load(true);
          }}
        >
          Rotate
        </Button>
      </div>
      <p className="text-xs text-muted">Keep the key secret: anyone with it can broadcast as you.</p>
    </div>
  );
}
