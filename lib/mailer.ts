import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import { config } from "@/lib/config";
import { log } from "@/lib/logger";
import { processSingleton } from "@/lib/singleton";

export type Mail = { to: string; subject: string; text: string };

const g = processSingleton("mailer", () => ({ transport: undefined as Transporter | undefined }));

/**
 * Sends one message through SMTP_URL. Without SMTP_URL the message is logged instead, links included:
 * that is for development and tests only, since production refuses to start without it (lib/config.ts).
 */
export async function sendMail(mail: Mail): Promise<void> {
  const cfg = config();
  if (!cfg.SMTP_URL) {
    log.info("mail not sent: no SMTP_URL (development); its text follows", { to: mail.to, subject: mail.subject, text: mail.text });
    return;
  }
  // Short timeouts: a sign-up waits for its mail, and must not wait minutes on a mail server that hangs.
  g.transport ??= nodemailer.createTransport({ url: cfg.SMTP_URL, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 });
  await g.transport.sendMail({ from: cfg.MAIL_FROM, ...mail });
}
