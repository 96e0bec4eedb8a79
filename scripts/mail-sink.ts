import http from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { simpleParser } from "mailparser";

/** One message the sink received: its envelope recipients (lowercased), subject and text. */
export type SunkMail = { to: string[]; subject: string; text: string; receivedAt: string };

export type MailSink = { smtpUrl: string; url: string; stop: () => Promise<void> };

const MAX_MESSAGES = 5000;
const MAX_MESSAGE_BYTES = 256 * 1024;

function listen(server: { listen: (port: number, host: string, cb: () => void) => unknown; once: (ev: "error", cb: (err: Error) => void) => unknown }): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
}

/**
 * A mail server for tests, on loopback: it accepts any message over plain SMTP, keeps the last few
 * thousand in memory, and lists those sent to an address at `GET <url>/messages?to=<address>` (JSON,
 * oldest first). `npm test` and the benchmarks start one and hand the app its SMTP_URL.
 */
export async function startMailSink(): Promise<MailSink> {
  const messages: SunkMail[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    size: MAX_MESSAGE_BYTES,
    logger: false,
    closeTimeout: 1000,
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (mail) => {
          const to = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
          messages.push({ to, subject: mail.subject ?? "", text: mail.text ?? "", receivedAt: new Date().toISOString() });
          if (messages.length > MAX_MESSAGES) messages.splice(0, messages.length - MAX_MESSAGES);
          // Acknowledged after it is stored: once the app's send resolves, the message can be read here.
          callback();
        },
        (err: Error) => callback(err),
      );
    },
  });
  const web = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://sink");
    if (req.method !== "GET" || url.pathname !== "/messages") {
      res.writeHead(404).end();
      return;
    }
    const to = url.searchParams.get("to")?.toLowerCase();
    res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(to ? messages.filter((m) => m.to.includes(to)) : messages));
  });
  await listen(smtp.server);
  await listen(web);
  const port = (s: { address: () => string | AddressInfo | null }) => (s.address() as AddressInfo).port;
  return {
    smtpUrl: `smtp://127.0.0.1:${port(smtp.server)}`,
    url: `http://127.0.0.1:${port(web)}`,
    stop: async () => {
      web.closeAllConnections();
      await Promise.all([new Promise<void>((r) => smtp.close(() => r())), new Promise<void>((r) => web.close(() => r()))]);
    },
  };
}
