import { expect, test } from "./support/csp";
import { createUser, logIn } from "./support/users";
import { startedStream } from "./support/streams";

/**
 * The SDK opens a WebSocket straight away (chat.spec.ts covers that path); a client behind a proxy that
 * refuses upgrades starts on long-polling and upgrades later. Both must work, also with the server's memory
 * trims (lib/socket/lean-connections.ts): here a real browser speaks Engine.IO v4 itself, so each step is seen —
 * polling handshake, Socket.IO CONNECT, the upgrade probe, then an acknowledged `join_stream` and a chat
 * message from someone else arriving over the upgraded WebSocket.
 */
test("a client that starts on long-polling upgrades to the WebSocket and chats over it", async ({ page, request }) => {
  const host = await createUser(request, "thost");
  const created = await request.post("/api/livestream/create", { headers: { Authorization: `Bearer ${host.token}` }, data: { title: "Transport test", category: "talk" } });
  const { streamId } = ((await created.json()) as { data: { streamId: string } }).data;
  expect((await request.post(`/api/livestream/${streamId}/start`, { headers: { Authorization: `Bearer ${host.token}` } })).status()).toBe(200);

  await page.goto("/");
  // The page's own requests (images, Next's prefetches) finish first. Once in CI the pending poll below came
  // back `{"code":3,"message":"Bad request"}`: it reached the server after the upgrade (a poll for a transport
  // that is gone) instead of being ended by it. The likeliest delay is the browser's six connections per host,
  // busy with the page's requests.
  await page.waitForLoadState("networkidle");
  const steps = page.evaluate(async (id) => {
    const seen: string[] = [];
    const base = "/socket.io/?EIO=4&transport=polling";
    const open = await (await fetch(base)).text();
    const sid = (JSON.parse(open.slice(1)) as { sid: string; upgrades: string[] }).sid;
    seen.push(`open ${open.startsWith("0{") ? "ok" : open}`);
    await fetch(`${base}&sid=${sid}`, { method: "POST", body: "40" });
    const connected = await (await fetch(`${base}&sid=${sid}`)).text();
    seen.push(`connect ${connected.startsWith("40{") ? "ok" : connected}`);
    // A poll left pending, as a real client keeps one: the upgrade must end it.
    const pending = fetch(`${base}&sid=${sid}`).then((r) => r.text());
    const ws = new WebSocket(`${location.origin.replace(/^http/, "ws")}/socket.io/?EIO=4&transport=websocket&sid=${sid}`);
    const frames: string[] = [];
    const waiters: [(m: string) => boolean, (m: string) => void][] = [];
    ws.onmessage = (e) => {
      const m = String(e.data);
      if (m === "2") return ws.send("3"); // ping → pong
      const i = waiters.findIndex(([match]) => match(m));
      if (i >= 0) waiters.splice(i, 1)[0]![1](m);
      else frames.push(m);
    };
    const next = (match: (m: string) => boolean) =>
      new Promise<string>((resolve, reject) => {
        const early = frames.findIndex(match);
        if (early >= 0) return resolve(frames.splice(early, 1)[0]!);
        waiters.push([match, resolve]);
        setTimeout(() => reject(new Error(`timed out; frames seen: ${frames.join(" | ")}`)), 8000);
      });
    await new Promise((r, j) => ((ws.onopen = r), (ws.onerror = j)));
    ws.send("2probe");
    seen.push(`probe ${await next((m) => m === "3probe")}`);
    ws.send("5");
    // It ends with whatever was queued (the `session` event when it missed the CONNECT answer), a noop (6)
    // for the probe, or the old transport's close (1) once the upgrade is done: it must end, not hang.
    const last = await pending;
    seen.push(`pending poll ended ${/^(6|1|42\[)/.test(last) ? "ok" : last}`);
    ws.send(`420["join_stream",{"streamId":"${id}"}]`);
    const ack = JSON.parse((await next((m) => m.startsWith("430"))).slice(3)) as [{ success: boolean; data?: { stream: { id: string } } }];
    seen.push(`join ${ack[0].success && ack[0].data?.stream.id === id ? "ok" : JSON.stringify(ack)}`);
    (window as unknown as { __nextChat: Promise<string> }).__nextChat = next((m) => m.includes("stream_chat_message"));
    (window as unknown as { __ws: WebSocket }).__ws = ws;
    return seen;
  }, streamId);
  expect(await steps).toEqual(["open ok", "connect ok", "probe 3probe", "pending poll ended ok", "join ok"]);

  // The host chats over REST; the upgraded connection receives it as a spec event.
  const sent = await request.post(`/api/livestream/${streamId}/chat`, { headers: { Authorization: `Bearer ${host.token}` }, data: { message: "over the upgraded socket" } });
  expect(sent.status()).toBeLessThan(300);
  const event = await page.evaluate(() => (window as unknown as { __nextChat: Promise<string> }).__nextChat);
  expect(event).toContain("over the upgraded socket");
  await page.evaluate(() => (window as unknown as { __ws: WebSocket }).__ws.close());
});

/**
 * A watch page opened while its chat server refuses connections (as ours does while its Redis cannot be
 * reached): the first connections get a Socket.IO handshake refused with SERVICE_UNAVAILABLE, the later ones
 * reach the real server. The chat says it is still trying, then joins and works, with no reload. A single
 * attempt left the chat dead ("Service unavailable" in its place) until the page was reloaded.
 */
test("a watch page whose chat server refuses it at first joins the chat once it can", async ({ page, request }) => {
  const host = await createUser(request, "rhost");
  const viewer = await createUser(request, "rview");
  const streamId = await startedStream(request, host, "Retry test");
  await logIn(page, viewer);

  let refused = 0;
  let open = false;
  await page.routeWebSocket(/\/socket\.io\//, (ws) => {
    if (open) return ws.connectToServer();
    // Engine.IO opens, then the Socket.IO CONNECT is refused as the server's handshake middleware refuses it.
    ws.send(`0${JSON.stringify({ sid: `refused-${refused}`, upgrades: [], pingInterval: 25_000, pingTimeout: 20_000, maxPayload: 1_000_000 })}`);
    ws.onMessage((m) => {
      if (!String(m).startsWith("40")) return;
      refused++;
      ws.send(`44${JSON.stringify({ message: "Service unavailable", data: { code: "SERVICE_UNAVAILABLE", message: "Service unavailable" } })}`);
      ws.close();
    });
  });
  await page.goto(`/watch/${streamId}`);
  await expect(page.getByTestId("chat-connecting")).toHaveText("Still connecting to chat, trying again…");
  await expect.poll(() => refused).toBeGreaterThanOrEqual(2);
  open = true;

  await expect(page.getByText("No messages yet. Say hello!")).toBeVisible({ timeout: 30_000 });
  await page.getByLabel("Send a message").fill("made it in");
  await page.getByLabel("Send a message").press("Enter");
  await expect(page.getByTestId("chat-message").filter({ hasText: "made it in" })).toBeVisible();
  const history = await request.get(`/api/livestream/${streamId}/chat`);
  expect(JSON.stringify(await history.json())).toContain("made it in");
});
