/**
 * Webhook sources: created, listed, paused, rotated and deleted by admins. Generated secrets are
 * returned once and stored as SHA-256 hashes, like API tokens (lib/auth/tokens.ts).
 */
import crypto from "node:crypto";
import { prisma } from "../db/prisma";
import { AppError } from "../errors";
import { PROVIDER_INFO, isProvider, type Provider } from "./providers";
import { sha256Hex } from "./verify/common";
import { normaliseSendgridKey } from "./verify/sendgrid";

export class SourceInputError extends AppError {
  constructor(message: string) {
    super(400, "invalid-source", message);
  }
}

export interface Credentials {
  user?: string;
  password?: string;
  bearerToken?: string;
}

export interface SourceInput {
  provider: string;
  name?: string;
  /** SendGrid's verification key or Mailgun's signing key. */
  key?: string;
  /** SES: topic ARNs, one a line (or comma-separated). */
  topicArns?: string;
  /** SparkPost, Brevo: also generate a bearer token. */
  bearer?: boolean;
  createdBy?: string;
}

const SNS_TOPIC = /^arn:aws(-cn|-us-gov)?:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;

export function parseTopicArns(raw: string | undefined): string[] {
  const arns = (raw ?? "").split(/[\s,]+/).filter(Boolean);
  if (arns.length === 0) throw new SourceInputError("Add the SNS topic ARN (arn:aws:sns:<region>:<account>:<topic>) whose messages this source accepts.");
  if (arns.length > 20) throw new SourceInputError("At most 20 topic ARNs per source.");
  const bad = arns.find((a) => !SNS_TOPIC.test(a));
  if (bad) throw new SourceInputError(`"${bad.slice(0, 80)}" is not an SNS topic ARN (arn:aws:sns:<region>:<account>:<topic>).`);
  return [...new Set(arns)];
}

/** The key to store for a signature provider, checked. */
function signingKey(provider: Provider, raw: string | undefined): string {
  const key = (raw ?? "").trim();
  if (!key) throw new SourceInputError(`Paste the ${PROVIDER_INFO[provider].keyLabel} from ${PROVIDER_INFO[provider].label}.`);
  if (provider === "sendgrid") {
    try {
      return normaliseSendgridKey(key);
    } catch (error) {
      throw new SourceInputError((error as Error).message);
    }
  }
  if (key.length < 16 || key.length > 200 || /\s/.test(key))
    throw new SourceInputError("The Mailgun signing key is one word of 16 to 200 characters, as Mailgun shows it.");
  return key;
}

function newSecrets(provider: Provider, bearer: boolean) {
  const credentials: Credentials = {
    user: `rebound-${crypto.randomBytes(4).toString("hex")}`,
    password: crypto.randomBytes(24).toString("base64url"),
  };
  if ((bearer || PROVIDER_INFO[provider].bearer === "always") && PROVIDER_INFO[provider].bearer)
    credentials.bearerToken = `rbw_${crypto.randomBytes(32).toString("base64url")}`;
  const stored = {
    basicUser: credentials.user!,
    basicHash: sha256Hex(credentials.password!),
    bearerHash: credentials.bearerToken ? sha256Hex(credentials.bearerToken) : null,
  };
  return { credentials, stored };
}

export async function createSource(input: SourceInput): Promise<{ id: string; credentials: Credentials | null }> {
  if (!isProvider(input.provider)) throw new SourceInputError(`Unknown platform "${String(input.provider).slice(0, 40)}".`);
  const provider = input.provider;
  const info = PROVIDER_INFO[provider];
  const id = crypto.randomBytes(16).toString("base64url");
  const name = (input.name ?? "").trim().slice(0, 100) || info.label;
  const data = { id, provider, name, createdBy: input.createdBy ?? null, createdAt: new Date() };
  if (info.auth === "sns") {
    await prisma().webhookSource.create({ data: { ...data, topicArns: JSON.stringify(parseTopicArns(input.topicArns)) } });
    return { id, credentials: null };
  }
  if (info.auth === "signature") {
    await prisma().webhookSource.create({ data: { ...data, verifyKey: signingKey(provider, input.key) } });
    return { id, credentials: null };
  }
  const { credentials, stored } = newSecrets(provider, input.bearer === true);
  await prisma().webhookSource.create({ data: { ...data, ...stored } });
  return { id, credentials };
}

/**
 * A new secret: new Basic-auth credentials (and bearer token, when it had one) for the providers
 * Rebound generates them for; the new key or topic list pasted by the admin for the others.
 */
export async function rotateSource(id: string, input: { key?: string; topicArns?: string; bearer?: boolean }): Promise<Credentials | null> {
  const source = await prisma().webhookSource.findUnique({ where: { id } });
  if (!source || !isProvider(source.provider)) throw new AppError(404, "not-found", "No webhook source with that id.");
  const provider = source.provider;
  const info = PROVIDER_INFO[provider];
  if (info.auth === "sns") {
    await prisma().webhookSource.update({ where: { id }, data: { topicArns: JSON.stringify(parseTopicArns(input.topicArns)) } });
    return null;
  }
  if (info.auth === "signature") {
    await prisma().webhookSource.update({ where: { id }, data: { verifyKey: signingKey(provider, input.key) } });
    return null;
  }
  const { credentials, stored } = newSecrets(provider, input.bearer ?? source.bearerHash !== null);
  await prisma().webhookSource.update({ where: { id }, data: stored });
  return credentials;
}

export async function setPaused(id: string, paused: boolean): Promise<boolean> {
  const result = await prisma().webhookSource.updateMany({ where: { id }, data: { paused } });
  return result.count > 0;
}

/** Removes the source with its deliveries and its events; complaints and imported bounces stay. */
export async function deleteSource(id: string): Promise<boolean> {
  const result = await prisma().webhookSource.deleteMany({ where: { id } });
  return result.count > 0;
}

export async function findSource(id: string) {
  return prisma().webhookSource.findUnique({ where: { id } });
}

export function topicsOf(source: { topicArns: string | null }): string[] {
  try {
    const parsed: unknown = JSON.parse(source.topicArns ?? "[]");
    return Array.isArray(parsed) ? parsed.filter((t): t is string => typeof t === "string") : [];
  } catch {
    return [];
  }
}

export interface SourceView {
  id: string;
  provider: Provider;
  providerLabel: string;
  name: string;
  paused: boolean;
  path: string;
  topics: string[];
  hasBearer: boolean;
  basicUser: string | null;
  createdAt: string;
  lastRequest: { at: string; outcome: string; reason: string | null } | null;
  /** Deliveries of the last 24 hours. */
  day: { accepted: number; duplicates: number; rejected: number; reasons: { reason: string; count: number }[] };
  pendingEvents: number;
}

const DAY_MS = 24 * 3600_000;

/** Every source with its last request and its counts for the last 24 hours, for the Settings page. */
export async function listSources(now = Date.now()): Promise<SourceView[]> {
  const db = prisma();
  const sources = await db.webhookSource.findMany({ orderBy: { createdAt: "asc" } });
  const since = new Date(now - DAY_MS);
  const [counts, pending] = await Promise.all([
    db.webhookDelivery.groupBy({ by: ["sourceId", "outcome", "reason"], where: { receivedAt: { gte: since } }, _count: { _all: true } }),
    db.webhookEvent.groupBy({ by: ["sourceId"], where: { processedAt: null, kind: "bounce" }, _count: { _all: true } }),
  ]);
  return Promise.all(
    sources
      .filter((s) => isProvider(s.provider))
      .map(async (s) => {
        const last = await db.webhookDelivery.findFirst({
          where: { sourceId: s.id },
          orderBy: { id: "desc" },
          select: { receivedAt: true, outcome: true, reason: true },
        });
        const mine = counts.filter((c) => c.sourceId === s.id);
        const sum = (outcome: string) => mine.filter((c) => c.outcome === outcome).reduce((n, c) => n + c._count._all, 0);
        const provider = s.provider as Provider;
        return {
          id: s.id,
          provider,
          providerLabel: PROVIDER_INFO[provider].label,
          name: s.name,
          paused: s.paused,
          path: `/api/webhooks/${provider}/${s.id}`,
          topics: topicsOf(s),
          hasBearer: s.bearerHash !== null,
          basicUser: s.basicUser,
          createdAt: s.createdAt.toISOString(),
          lastRequest: last ? { at: last.receivedAt.toISOString(), outcome: last.outcome, reason: last.reason } : null,
          day: {
            accepted: sum("accepted"),
            duplicates: sum("duplicate"),
            rejected: sum("rejected"),
            reasons: mine
              .filter((c) => c.outcome === "rejected")
              .map((c) => ({ reason: c.reason ?? "unknown", count: c._count._all }))
              .sort((a, b) => b.count - a.count),
          },
          pendingEvents: pending.find((p) => p.sourceId === s.id)?._count._all ?? 0,
        };
      }),
  );
}
