import { after, test } from "node:test";
import assert from "node:assert/strict";
import nodemailer from "nodemailer";
import { startMailSink, type SunkMail } from "./mail-sink";

const sink = await startMailSink();
after(() => sink.stop());

test("the test mail sink receives SMTP on loopback and lists messages by recipient", async () => {
  const transport = nodemailer.createTransport({ url: sink.smtpUrl });
  await transport.sendMail({ from: "app@example.test", to: "Ann@Example.test", subject: "Hello", text: "Open https://x.test/verify-email?token=abc" });
  await transport.sendMail({ from: "app@example.test", to: "bob@example.test", subject: "Other", text: "-" });
  transport.close();
  const forAnn = (await (await fetch(`${sink.url}/messages?to=ann@example.test`)).json()) as SunkMail[];
  assert.equal(forAnn.length, 1);
  assert.equal(forAnn[0]?.subject, "Hello");
  assert.match(forAnn[0]?.text ?? "", /verify-email\?token=abc/);
  assert.equal((await fetch(`${sink.url}/other`)).status, 404);
});
