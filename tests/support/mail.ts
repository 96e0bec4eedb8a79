import type { SunkMail } from "../../scripts/mail-sink";

/**
 * Mail the app under test sent, read from the mail sink that `npm test` starts (scripts/mail-sink.ts).
 * Used by integration tests, end-to-end tests and benchmarks alike, so it imports nothing else of tests/.
 */
function sinkUrl(url?: string): string {
  const u = url ?? process.env.STREAMHUB_TEST_MAIL_URL;
  if (!u) throw new Error("STREAMHUB_TEST_MAIL_URL is not set: run the tests with `npm test` (it starts the mail sink)");
  return u;
}

/** The messages sent to an address, oldest first, once there are at least `atLeast` of them. */
export async function mailTo(address: string, opts: { atLeast?: number; timeoutMs?: number; sink?: string } = {}): Promise<SunkMail[]> {
  const deadline = Date.now() + (opts.timeoutMs ?? 5000);
  for (;;) {
    const res = await fetch(`${sinkUrl(opts.sink)}/messages?to=${encodeURIComponent(address)}`);
    const mails = (await res.json()) as SunkMail[];
    if (mails.length >= (opts.atLeast ?? 1)) return mails;
    if (Date.now() > deadline) throw new Error(`no mail for ${address} within ${opts.timeoutMs ?? 5000} ms (${mails.length} of ${opts.atLeast ?? 1})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The verification link in the newest message to the address. */
export async function verificationLink(address: string, opts: { atLeast?: number; sink?: string } = {}): Promise<string> {
  const mails = await mailTo(address, opts);
  const link = /https?:\/\/\S+\/verify-email\?token=[A-Za-z0-9_-]+/.exec(mails.at(-1)?.text ?? "")?.[0];
  if (!link) throw new Error(`the newest mail to ${address} holds no verification link`);
  return link;
}

/** Opens the newest verification link, as its recipient would, and checks that the page confirmed the address. */
export async function confirmEmail(address: string, opts: { sink?: string } = {}): Promise<void> {
  const link = await verificationLink(address, opts);
  const page = await (await fetch(link)).text();
  if (!page.includes('data-result="verified"')) throw new Error(`the verification link for ${address} did not verify it`);
}
