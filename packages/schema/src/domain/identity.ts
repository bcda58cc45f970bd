import { createHash, randomBytes } from 'node:crypto';
import { hashPassword, verifyPassword, type Role, type TokenScope } from '@sportello/db';
import { db } from '../db.ts';
import { pubsub } from '../pubsub.ts';

export const SESSION_COOKIE = 'sportello_session';
export const SESSION_DAYS = 30;
const API_TOKEN_PREFIX = 'spt_';

/** Who is asking, and through what: a browser session or a personal API token. */
export interface Viewer {
  id: string;
  name: string;
  email: string;
  role: Role;
  /** The organisation a CUSTOMER acts for (null for staff). */
  customerId: string | null;
  /** The contact a CUSTOMER is, within that organisation (null for staff). */
  contactId: string | null;
  isStaff: boolean;
  canWrite: boolean;
  sessionId: string | null;
  tokenId: string | null;
}

export const isStaffRole = (role: Role) => role !== 'CUSTOMER';

/** Tokens are 256 random bits, so a plain SHA-256 is enough to store them safely (no need for a slow hash). */
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const randomToken = () => randomBytes(32).toString('base64url');

const viewerUserSelect = {
  id: true,
  name: true,
  email: true,
  role: true,
  active: true,
  contact: { select: { id: true, customerId: true } },
} as const;

type ViewerUser = {
  id: string;
  name: string;
  email: string;
  role: Role;
  active: boolean;
  contact: { id: string; customerId: string } | null;
};

function toViewer(user: ViewerUser, via: { sessionId?: string; tokenId?: string; canWrite: boolean }): Viewer | null {
  if (!user.active) return null;
  // A customer user without a contact belongs to no organisation and may see nothing.
  if (user.role === 'CUSTOMER' && !user.contact) return null;
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role,
    customerId: user.contact?.customerId ?? null,
    contactId: user.contact?.id ?? null,
    isStaff: isStaffRole(user.role),
    canWrite: via.canWrite,
    sessionId: via.sessionId ?? null,
    tokenId: via.tokenId ?? null,
  };
}

export async function viewerFromSession(sessionToken: string, now = new Date()): Promise<Viewer | null> {
  const session = await db.session.findUnique({
    where: { tokenHash: sha256(sessionToken) },
    select: { id: true, expiresAt: true, user: { select: viewerUserSelect } },
  });
  if (!session || session.expiresAt <= now) return null;
  return toViewer(session.user, { sessionId: session.id, canWrite: true });
}

export async function viewerFromApiToken(token: string, now = new Date()): Promise<Viewer | null> {
  if (!token.startsWith(API_TOKEN_PREFIX)) return null;
  const apiToken = await db.apiToken.findUnique({
    where: { tokenHash: sha256(token) },
    select: {
      id: true,
      scope: true,
      revokedAt: true,
      expiresAt: true,
      lastUsedAt: true,
      user: { select: viewerUserSelect },
    },
  });
  if (!apiToken || apiToken.revokedAt || (apiToken.expiresAt && apiToken.expiresAt <= now)) return null;
  // Recording every use would turn each read into a write; once a minute is precise enough to spot stale tokens.
  if (!apiToken.lastUsedAt || now.getTime() - apiToken.lastUsedAt.getTime() > 60_000) {
    await db.apiToken.update({ where: { id: apiToken.id }, data: { lastUsedAt: now } });
  }
  return toViewer(apiToken.user, { tokenId: apiToken.id, canWrite: apiToken.scope === 'READ_WRITE' });
}

// Verifying against a real hash when the email is unknown keeps the response time from revealing which emails exist.
const unknownUserHash = hashPassword(randomToken());

export async function startSession(email: string, password: string, now = new Date()) {
  const user = await db.user.findUnique({ where: { email: email.trim().toLowerCase() } });
  const valid = await verifyPassword(user?.passwordHash ?? (await unknownUserHash), password);
  if (!user || !user.passwordHash || !valid || !user.active) return null;
  const token = randomToken();
  const expiresAt = new Date(now.getTime() + SESSION_DAYS * 86_400_000);
  await db.session.create({ data: { tokenHash: sha256(token), userId: user.id, expiresAt } });
  return { token, expiresAt, user };
}

/** Ends a browser session; the API closes the subscriptions it opened, on every instance. */
export async function endSession(sessionId: string): Promise<void> {
  await db.session.deleteMany({ where: { id: sessionId } });
  pubsub.publish('credentialRevoked', { sessionId });
}

/** Revokes an API token (once: a second call changes nothing); the API closes the subscriptions it opened. */
export async function revokeApiToken(tokenId: string, now = new Date()): Promise<void> {
  await db.apiToken.updateMany({ where: { id: tokenId, revokedAt: null }, data: { revokedAt: now } });
  pubsub.publish('credentialRevoked', { tokenId });
}

export async function issueApiToken(
  userId: string,
  input: { name: string; scope: TokenScope; expiresAt?: Date | null },
) {
  const token = API_TOKEN_PREFIX + randomToken();
  const apiToken = await db.apiToken.create({
    data: {
      userId,
      name: input.name,
      scope: input.scope,
      expiresAt: input.expiresAt ?? null,
      prefix: token.slice(0, API_TOKEN_PREFIX.length + 6),
      tokenHash: sha256(token),
    },
  });
  return { token, apiToken };
}
