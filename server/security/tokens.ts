import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, URL-safe. Handed out once; only `hashToken` of it is stored. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** A short random password for the first admin, readable when printed once. */
export function newPassword(): string {
  return randomBytes(12).toString('base64url');
}
