/**
 * A short, readable device line from a visitor's User-Agent ("Chrome 120 on Windows"). The
 * string is untrusted and often lies; this is a hint for the agent, never used for decisions.
 */

const browsers: readonly { name: string; pattern: RegExp }[] = [
  // Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari".
  { name: 'Edge', pattern: /\b(?:Edg|EdgA|EdgiOS|Edge)\/(\d+)/ },
  { name: 'Opera', pattern: /\b(?:OPR|Opera)\/(\d+)/ },
  { name: 'Samsung Internet', pattern: /\bSamsungBrowser\/(\d+)/ },
  { name: 'Firefox', pattern: /\b(?:Firefox|FxiOS)\/(\d+)/ },
  { name: 'Chrome', pattern: /\b(?:Chrome|CriOS)\/(\d+)/ },
  { name: 'Safari', pattern: /\bVersion\/(\d+)(?:[.\d]*)? (?:Mobile\/\S+ )?Safari\// },
];

function osOf(ua: string): string | null {
  let m: RegExpExecArray | null;
  if ((m = /\b(?:iPhone|iPod).*? OS (\d+)/.exec(ua))) return `iOS ${m[1]}`;
  if ((m = /\biPad.*? OS (\d+)/.exec(ua))) return `iPadOS ${m[1]}`;
  if ((m = /\bAndroid (\d+(?:\.\d+)?)/.exec(ua))) return `Android ${m[1]}`;
  if (/\bAndroid\b/.test(ua)) return 'Android';
  if (/\bCrOS\b/.test(ua)) return 'ChromeOS';
  // NOTE: Windows 11 still reports "NT 10.0", so both show as "Windows".
  if ((m = /\bWindows NT (\d+\.\d+)/.exec(ua))) return m[1] === '10.0' ? 'Windows' : `Windows NT ${m[1]}`;
  if (/\bWindows\b/.test(ua)) return 'Windows';
  if (/\bMac OS X\b|\bMacintosh\b/.test(ua)) return 'macOS';
  if (/\bLinux\b/.test(ua)) return 'Linux';
  return null;
}

export function summarizeUserAgent(ua: string | null): string {
  const text = ua?.trim() ?? '';
  if (text === '') return 'Unknown device';
  let browser: string | null = null;
  for (const { name, pattern } of browsers) {
    const m = pattern.exec(text);
    if (m) {
      browser = `${name} ${m[1] ?? ''}`.trim();
      break;
    }
  }
  const os = osOf(text);
  if (browser !== null && os !== null) return `${browser} on ${os}`;
  if (browser !== null) return browser;
  if (os !== null) return os;
  return 'Unknown device';
}
