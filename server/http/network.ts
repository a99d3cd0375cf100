import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import proxyAddr from 'proxy-addr';

/**
 * Who is on the other end of a request, decided once for HTTP and WebSocket upgrades alike.
 * NOTE: `X-Forwarded-For` / `-Proto` are believed only from the proxies listed in `TRUST_PROXY`;
 * from anyone else they are ignored, so rotating them cannot reset a per-address limit.
 */
export type Network = {
  /** Express's `trust proxy` setting, so `req.ip` and `req.protocol` agree with `clientIp`. */
  trust: (address: string, hop: number) => boolean;
  clientIp(req: IncomingMessage): string;
  /**
   * True when a browser request comes from the relay's own pages (console, widget frame), or from
   * a non-browser client that sends no Origin. Scheme, host and port must all match: blocks
   * cross-site WebSocket hijacking and CSRF, including from `http://` onto an `https://` relay.
   */
  isSameOrigin(req: IncomingMessage): boolean;
};

/** `trustProxy`: addresses, CIDR ranges or `loopback` / `linklocal` / `uniquelocal`. Empty: trust nobody. */
export function createNetwork(trustProxy: readonly string[]): Network {
  const trust = trustProxy.length === 0 ? () => false : proxyAddr.compile([...trustProxy]);
  const clientIp = (req: IncomingMessage) => proxyAddr(req, trust);

  const scheme = (req: IncomingMessage): string => {
    if ((req.socket as Partial<TLSSocket>).encrypted === true) return 'https';
    const peer = req.socket.remoteAddress;
    const forwarded = req.headers['x-forwarded-proto'];
    if (peer !== undefined && typeof forwarded === 'string' && trust(peer, 0)) {
      const first = forwarded.split(',')[0]?.trim().toLowerCase();
      if (first === 'https' || first === 'http') return first;
    }
    return 'http';
  };

  return {
    trust,
    clientIp,
    isSameOrigin(req) {
      const origin = req.headers.origin;
      if (origin === undefined) return true;
      const host = req.headers.host;
      if (host === undefined) return false;
      const own = parseOrigin(`${scheme(req)}://${host}`);
      return own !== undefined && parseOrigin(origin) === own;
    },
  };
}

/** The serialised origin (`scheme://host[:port]`, default port dropped), or undefined if it is not one. */
function parseOrigin(text: string): string | undefined {
  if (!URL.canParse(text)) return undefined;
  const url = new URL(text);
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : undefined;
}
