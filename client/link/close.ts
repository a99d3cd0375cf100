/**
 * What a close code means for a client, read once for the widget and the console alike. 44xx codes
 * are for auth, version and abuse only (ARCHITECTURE.md), so an unknown 44xx cannot be cured by
 * retrying; everything else (1001, 1006, 1012, our own drops) is the network or the relay going away.
 * What each meaning then does (forget a token, sign out) is the app's business.
 */
import { CloseCode } from '../../protocol/codes';

export const CloseMeaning = {
  Retry: 'retry',
  /** The token or session is not (or no longer) valid. */
  Unauthorized: 'unauthorized',
  Forbidden: 'forbidden',
  /** This client speaks a protocol version the relay does not. */
  Version: 'version',
  /** Any other 44xx. */
  Refused: 'refused',
} as const;
export type CloseMeaning = (typeof CloseMeaning)[keyof typeof CloseMeaning];

export function closeMeaning(code: number): CloseMeaning {
  switch (code) {
    case CloseCode.Unauthorized:
      return CloseMeaning.Unauthorized;
    case CloseCode.Forbidden:
      return CloseMeaning.Forbidden;
    case CloseCode.UnsupportedVersion:
      return CloseMeaning.Version;
    // Too slow (the wait is long, see backoff.ts) or our hello was late (a stalled tab): try again.
    case CloseCode.Abuse:
    case CloseCode.HelloTimeout:
      return CloseMeaning.Retry;
    default:
      return code >= 4400 && code < 4500 ? CloseMeaning.Refused : CloseMeaning.Retry;
  }
}
