import { get } from 'node:https';
import { type CertificateFetcher, isSnsCertificateUrl, isSnsSubscribeUrl } from './message.js';

const TIMEOUT_MS = 10_000;

/** GET over https with certificate checks (Node's defaults), a timeout and a size cap. */
function httpsGet(url: string, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = get(url, { timeout: TIMEOUT_MS }, (response) => {
      if (response.statusCode !== 200) {
        response.resume();
        reject(new Error(`HTTP ${response.statusCode ?? '?'} from ${new URL(url).host}`));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) {
          request.destroy(new Error(`response from ${new URL(url).host} larger than ${maxBytes} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`timeout after ${TIMEOUT_MS} ms`)));
    request.on('error', reject);
  });
}

/**
 * The production certificate fetcher: only SNS hosts over https, cached per URL (SNS rotates its
 * signing certificate rarely; one fetch per URL a day is plenty).
 */
export function snsCertificateFetcher(
  options: { ttlMs?: number; maxEntries?: number } = {},
): CertificateFetcher {
  const ttl = options.ttlMs ?? 24 * 3600_000;
  const maxEntries = options.maxEntries ?? 32;
  const cache = new Map<string, { pem: Promise<string>; at: number }>();
  return (url) => {
    if (!isSnsCertificateUrl(url)) return Promise.reject(new Error('not an SNS certificate URL'));
    const hit = cache.get(url);
    if (hit && Date.now() - hit.at < ttl) return hit.pem;
    if (cache.size >= maxEntries) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) cache.delete(oldest);
    }
    const pem = httpsGet(url, 64 * 1024);
    cache.set(url, { pem, at: Date.now() });
    // A failed fetch must not be cached, or one network blip would refuse messages for a day.
    pem.catch(() => cache.delete(url));
    return pem;
  };
}

/** Confirms a subscription by visiting its SubscribeURL, which must be an https SNS URL. */
export type SubscriptionConfirmer = (subscribeUrl: string) => Promise<void>;

export const confirmSnsSubscription: SubscriptionConfirmer = async (subscribeUrl) => {
  if (!isSnsSubscribeUrl(subscribeUrl)) throw new Error('SubscribeURL is not an https SNS URL');
  await httpsGet(subscribeUrl, 64 * 1024);
};
