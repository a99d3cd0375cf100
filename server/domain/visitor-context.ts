import type { Locale } from '../../protocol/codes';
import type { Site } from '../store/sites';

/** Who a visitor is and where they are now, as the domain's visitor commands receive it. */
export type VisitorContext = {
  site: Site;
  contactId: string;
  locale: Locale;
  page: { url: string; title?: string | undefined } | null;
  timeZone: string | null;
  userAgent: string | null;
  /** The visitor's address when they are connected now (per-address limits); null for replayed turns. */
  clientIp: string | null;
};
