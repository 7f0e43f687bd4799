import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { verifyBasic } from "./basic";
import { MAX_AGE_MS, safeEqual, sha256Hex } from "./common";
import { mailgunSignature, verifyMailgun } from "./mailgun";
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, normaliseSendgridKey, parseSendgridKey, verifySendgrid } from "./sendgrid";
import { canonicalString, isSnsUrl, parseEnvelope, verifySns, type SnsEnvelope } from "./sns";

// After the test certificate's start of validity (it was made on 2026-12-07).
const NOW = Date.UTC(2027, 5, 1, 12, 0, 0);
const secs = (ms: number) => String(Math.floor(ms / 1000));
const FIXTURES = path.resolve(__dirname, "../../../test/fixtures/webhooks");

describe("safeEqual", () => {
  it("compares strings of any length", () => {
    expect(safeEqual("abc", "abc")).toBe(true);
    expect(safeEqual("abc", "abd")).toBe(false);
    expect(safeEqual("abc", "abcd")).toBe(false);
  });
});

describe("SendGrid", () => {
  const pair = crypto.generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const other = crypto.generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const base64Der = pair.publicKey.export({ type: "spki", format: "der" }).toString("base64");
  const pem = normaliseSendgridKey(base64Der);
  const body = Buffer.from(JSON.stringify([{ email: "a@example.com", event: "bounce", timestamp: 1, sg_event_id: "e1" }]));

  function signed(b: Buffer, at: number, key = pair.privateKey) {
    const ts = secs(at);
    const signature = crypto.sign("sha256", Buffer.concat([Buffer.from(ts), b]), key).toString("base64");
    return new Headers({ [SIGNATURE_HEADER]: signature, [TIMESTAMP_HEADER]: ts });
  }

  it("reads the key as SendGrid shows it (base64 DER) or as PEM, and refuses anything else", () => {
    expect(parseSendgridKey(base64Der).asymmetricKeyType).toBe("ec");
    expect(parseSendgridKey(pem).asymmetricKeyType).toBe("ec");
    expect(() => parseSendgridKey("not a key")).toThrow(/not a public key/);
    const rsa = crypto.generateKeyPairSync("rsa", { modulusLength: 1024 }).publicKey.export({ type: "spki", format: "pem" }).toString();
    expect(() => parseSendgridKey(rsa)).toThrow(/elliptic-curve/);
  });

  it("accepts a valid signature, with the signature as its replay key", () => {
    const headers = signed(body, NOW);
    const verdict = verifySendgrid(body, headers, pem, NOW);
    expect(verdict).toEqual({ ok: true, replay: { key: `sendgrid:${headers.get(SIGNATURE_HEADER)}`, until: expect.any(Number) } });
    // The same request again names the same key: the replay store refuses it (test/webhooks.test.ts).
    expect(verifySendgrid(body, headers, pem, NOW + 1000)).toEqual(verdict);
  });

  it("refuses a tampered body, a wrong key, missing headers", () => {
    const headers = signed(body, NOW);
    const tampered = Buffer.from(body.toString().replace("a@example.com", "b@example.com"));
    expect(verifySendgrid(tampered, headers, pem, NOW)).toEqual({ ok: false, reason: "signature does not match" });
    expect(verifySendgrid(body, signed(body, NOW, other.privateKey), pem, NOW)).toEqual({ ok: false, reason: "signature does not match" });
    expect(verifySendgrid(body, new Headers(), pem, NOW)).toMatchObject({ ok: false });
  });

  it("refuses a stale or future timestamp, even when signed", () => {
    expect(verifySendgrid(body, signed(body, NOW - MAX_AGE_MS - 1000), pem, NOW)).toEqual({ ok: false, reason: "signed timestamp older than 5 minutes" });
    expect(verifySendgrid(body, signed(body, NOW + 10 * 60_000), pem, NOW)).toEqual({ ok: false, reason: "signed timestamp in the future" });
  });

  it("refuses a timestamp changed after signing", () => {
    const headers = signed(body, NOW - 60_000);
    headers.set(TIMESTAMP_HEADER, secs(NOW));
    expect(verifySendgrid(body, headers, pem, NOW)).toEqual({ ok: false, reason: "signature does not match" });
  });
});

describe("Mailgun", () => {
  const key = "key-3ax6xnjp29jd6fds4gc373sgvjxteol0";
  function payload(at: number, token = "tok-" + crypto.randomBytes(8).toString("hex"), signingKey = key) {
    const timestamp = secs(at);
    return {
      signature: { timestamp, token, signature: mailgunSignature(signingKey, timestamp, token) },
      "event-data": { event: "failed", recipient: "a@example.com", id: "ev1" },
    };
  }
  const buf = (v: unknown) => Buffer.from(JSON.stringify(v));

  it("accepts a valid signature, with the token as its replay key", () => {
    const p = payload(NOW, "tok-1");
    expect(verifyMailgun(buf(p), key, NOW)).toEqual({ ok: true, replay: { key: "mailgun:tok-1", until: expect.any(Number) } });
  });

  it("refuses a tampered signature block, a wrong key, a body that is not JSON", () => {
    const p = payload(NOW);
    expect(verifyMailgun(buf({ ...p, signature: { ...p.signature, token: "other" } }), key, NOW)).toEqual({ ok: false, reason: "signature does not match" });
    expect(verifyMailgun(buf(payload(NOW, "t", "key-wrong")), key, NOW)).toEqual({ ok: false, reason: "signature does not match" });
    expect(verifyMailgun(Buffer.from("{not json"), key, NOW)).toMatchObject({ ok: false });
    expect(verifyMailgun(buf({ "event-data": {} }), key, NOW)).toEqual({ ok: false, reason: "signature missing" });
  });

  it("refuses a stale or future timestamp", () => {
    expect(verifyMailgun(buf(payload(NOW - 6 * 60_000)), key, NOW)).toEqual({ ok: false, reason: "signed timestamp older than 5 minutes" });
    expect(verifyMailgun(buf(payload(NOW + 6 * 60_000)), key, NOW)).toEqual({ ok: false, reason: "signed timestamp in the future" });
  });
});

describe("Basic auth and bearer tokens", () => {
  const creds = { basicUser: "rebound-ab12cd34", basicHash: sha256Hex("s3cret-password"), bearerHash: sha256Hex("rbw_token") };
  const basic = (u: string, p: string) => new Headers({ authorization: `Basic ${Buffer.from(`${u}:${p}`).toString("base64")}` });

  it("accepts the right user and password, or the bearer token", () => {
    expect(verifyBasic(basic("rebound-ab12cd34", "s3cret-password"), creds)).toEqual({ ok: true });
    expect(verifyBasic(new Headers({ authorization: "Bearer rbw_token" }), creds)).toEqual({ ok: true });
  });

  it("refuses a wrong user, a wrong password, a wrong token, no credentials", () => {
    expect(verifyBasic(basic("someone", "s3cret-password"), creds)).toMatchObject({ ok: false });
    expect(verifyBasic(basic("rebound-ab12cd34", "guess"), creds)).toMatchObject({ ok: false });
    expect(verifyBasic(new Headers({ authorization: "Bearer rbw_other" }), creds)).toMatchObject({ ok: false });
    expect(verifyBasic(new Headers(), creds)).toEqual({ ok: false, reason: "no credentials sent" });
    expect(verifyBasic(new Headers({ authorization: "Bearer rbw_token" }), { ...creds, bearerHash: null })).toMatchObject({ ok: false });
  });
});

describe("SNS (SES)", () => {
  const keyPem = fs.readFileSync(path.join(FIXTURES, "sns-test-key.pem"), "utf8");
  const certPem = fs.readFileSync(path.join(FIXTURES, "sns-test-cert.pem"), "utf8");
  const otherKey = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
  const TOPIC = "arn:aws:sns:eu-west-1:123456789012:ses-bounces";
  const CERT_URL = "https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-test.pem";
  const fetched: string[] = [];
  const fetchCert = async (url: string) => {
    fetched.push(url);
    return certPem;
  };

  function envelope(over: Partial<SnsEnvelope> = {}, version: "1" | "2" = "2", key: crypto.KeyLike = keyPem): SnsEnvelope {
    const m: SnsEnvelope = {
      Type: "Notification",
      MessageId: crypto.randomUUID(),
      TopicArn: TOPIC,
      Message: JSON.stringify({ notificationType: "Bounce", bounce: { bounceType: "Permanent", bouncedRecipients: [{ emailAddress: "a@example.com" }] } }),
      Timestamp: new Date(NOW).toISOString(),
      SignatureVersion: version,
      Signature: "",
      SigningCertURL: CERT_URL,
      ...over,
    };
    m.Signature = crypto
      .createSign(version === "1" ? "RSA-SHA1" : "RSA-SHA256")
      .update(canonicalString(m))
      .sign(key, "base64");
    return m;
  }
  const verify = (m: unknown, headers = new Headers(), now = NOW) =>
    verifySns(Buffer.from(JSON.stringify(m)), headers, { allowedTopics: [TOPIC], fetchCert, now });

  it("builds the canonical string of a notification and of a confirmation", () => {
    expect(
      canonicalString({
        Type: "Notification",
        MessageId: "m",
        TopicArn: "t",
        Message: "x",
        Timestamp: "ts",
        SignatureVersion: "1",
        Signature: "",
        SigningCertURL: "",
      }),
    ).toBe("Message\nx\nMessageId\nm\nTimestamp\nts\nTopicArn\nt\nType\nNotification\n");
    expect(
      canonicalString({
        Type: "SubscriptionConfirmation",
        MessageId: "m",
        TopicArn: "t",
        Message: "x",
        Timestamp: "ts",
        SignatureVersion: "1",
        Signature: "",
        SigningCertURL: "",
        SubscribeURL: "u",
        Token: "k",
        Subject: "ignored",
      }),
    ).toBe("Message\nx\nMessageId\nm\nSubscribeURL\nu\nTimestamp\nts\nToken\nk\nTopicArn\nt\nType\nSubscriptionConfirmation\n");
  });

  it("accepts signature versions 1 and 2, with a subject too, and caches the certificate", async () => {
    fetched.length = 0;
    const v1 = envelope({}, "1");
    expect(await verify(v1)).toEqual({ ok: true, replay: { key: `sns:${v1.MessageId}`, until: expect.any(Number) }, envelope: v1 });
    expect(await verify(envelope({ Subject: "Amazon SES Email Event Notification" }, "2"))).toMatchObject({ ok: true });
    expect(fetched).toEqual([CERT_URL]);
  });

  it("refuses a tampered message, a wrong key, a changed signature version", async () => {
    const m = envelope();
    expect(await verify({ ...m, Message: m.Message.replace("a@example.com", "b@example.com") })).toEqual({ ok: false, reason: "signature does not match" });
    expect(await verify(envelope({}, "2", otherKey))).toEqual({ ok: false, reason: "signature does not match" });
    expect(await verify({ ...m, SignatureVersion: "1" })).toEqual({ ok: false, reason: "signature does not match" });
    expect(await verify({ ...m, SignatureVersion: "3" })).toMatchObject({ ok: false });
  });

  it("refuses a stale or future timestamp", async () => {
    expect(await verify(envelope({ Timestamp: new Date(NOW - 6 * 60_000).toISOString() }))).toEqual({
      ok: false,
      reason: "signed timestamp older than 5 minutes",
    });
    expect(await verify(envelope({ Timestamp: new Date(NOW + 6 * 60_000).toISOString() }))).toEqual({ ok: false, reason: "signed timestamp in the future" });
  });

  it("refuses a topic not allowed on the source and a certificate from anywhere but SNS over https", async () => {
    expect(await verify(envelope({ TopicArn: "arn:aws:sns:eu-west-1:999999999999:other" }))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/topic not allowed/),
    });
    fetched.length = 0;
    for (const url of [
      "http://sns.eu-west-1.amazonaws.com/c.pem",
      "https://sns.eu-west-1.amazonaws.com.evil.example/c.pem",
      "https://evil.example/sns.eu-west-1.amazonaws.com/c.pem",
      "https://s3.amazonaws.com/c.pem",
    ]) {
      expect(await verify(envelope({ SigningCertURL: url }))).toEqual({ ok: false, reason: "SigningCertURL is not an https SNS address" });
    }
    expect(fetched).toEqual([]);
    expect(isSnsUrl("https://sns.cn-north-1.amazonaws.com.cn/x.pem")).toBe(true);
    expect(isSnsUrl("https://user:pw@sns.us-east-1.amazonaws.com/x.pem")).toBe(false);
    expect(isSnsUrl("https://sns.us-east-1.amazonaws.com:8443/x.pem")).toBe(false);
  });

  it("refuses raw message delivery, which carries no signature", async () => {
    const raw = Buffer.from(JSON.stringify({ notificationType: "Bounce", bounce: {} }));
    expect(parseEnvelope(raw, new Headers({ "x-amz-sns-message-type": "Notification", "x-amz-sns-rawdelivery": "true" }))).toMatch(/raw message delivery/);
    expect(parseEnvelope(raw, new Headers({ "x-amz-sns-message-type": "Notification" }))).toMatch(/raw message delivery/);
  });
});
