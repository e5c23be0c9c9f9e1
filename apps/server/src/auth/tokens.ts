import { createHash, randomBytes } from 'node:crypto';

/**
 * Bearer tokens: a kind marker, then 256 random bits in base64url. The marker lets
 * secret scanners and people tell a Berth token at a glance; the first characters are
 * kept as a visible prefix so a user can recognise a token in lists.
 */
export type TokenKind = 'session' | 'personal' | 'join' | 'console';

const markers: Record<TokenKind, string> = {
  session: 'bses_',
  personal: 'bpat_',
  join: 'bjn_',
  console: 'bcon_',
};
const tokenPattern = /^b(ses|pat)_[A-Za-z0-9_-]{43}$/;
const consoleTokenPattern = /^bcon_[A-Za-z0-9_-]{43}$/;
const prefixLength = 12;

export interface NewToken {
  readonly token: string;
  readonly hash: string;
  readonly prefix: string;
}

export function generateToken(kind: TokenKind): NewToken {
  const token = markers[kind] + randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token), prefix: token.slice(0, prefixLength) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Whether `token` has the shape of a Berth token (checked before any database work). */
export function isWellFormedToken(token: string): boolean {
  return tokenPattern.test(token);
}

/**
 * Whether `token` has the shape of a cluster console session token: those authenticate
 * a console user of one cluster, not a Berth user, and only on that cluster's console routes.
 */
export function isConsoleToken(token: string): boolean {
  return consoleTokenPattern.test(token);
}

const tokenLike = /b(ses|pat|jn|con)_[A-Za-z0-9_-]{16,}/g;

/**
 * Replaces anything shaped like a Berth token with a marker. Used on text that may carry
 * one by mistake (a token pasted into a URL) before it is logged or echoed.
 */
export function scrubTokens(text: string): string {
  return text.replace(tokenLike, 'b$1_[redacted]');
}
