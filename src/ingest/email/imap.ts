import { readFileSync } from 'node:fs';
import { ImapFlow, type ImapFlowOptions } from 'imapflow';
import type { z } from 'zod';
import type { Catalog } from '../../catalog/index.js';
import { OpsradarError } from '../../core/errors.js';
import type { Store } from '../../store/index.js';
import type { imapConfigSchema } from '../config.js';
import { type IngestItemResult, type IngestSummary, ingestMail } from './ingest.js';
import { defaultMailLimits, headBytes, type MailLimits } from './limits.js';
import type { MailItem } from './sources.js';
import type { MailTrustOptions } from './trust.js';

export class ImapError extends OpsradarError {
  constructor(message: string, code = 'IMAP_FAILED') {
    super(message, code);
  }
}

export { imapConfigSchema, ingestConfigSchema } from '../config.js';

export type ImapConfig = z.infer<typeof imapConfigSchema>;

export interface ImapIngestOptions {
  catalog?: Catalog;
  limits?: MailLimits;
  now?: () => Date;
  env?: NodeJS.ProcessEnv;
  onResult?: (result: IngestItemResult) => void;
  onFolder?: (event: FolderEvent) => void;
  /** Whose Authentication-Results count (`mail.authservId`). */
  trust?: MailTrustOptions;
}

export type FolderEvent =
  | { type: 'start'; folder: string; uidValidity: string; lastUid: number }
  | { type: 'uidvalidity-changed'; folder: string; old: string; new: string }
  | { type: 'done'; folder: string; count: number; lastUid: number };

export interface ImapFolderResult {
  folder: string;
  uidValidity: string;
  lastUid: number;
  summary: IngestSummary;
}

interface MailboxState {
  uidValidity: string;
  lastUid: number;
}

/** Cursor name of one mailbox folder: its position survives across runs in the store. */
export function imapCursorName(config: { host: string; user: string }, folder: string): string {
  return `imap:${config.user}@${config.host}/${folder}`;
}

function parseState(value: string | undefined): MailboxState | null {
  if (!value) return null;
  try {
    const parsed = JSON.parse(value) as Partial<MailboxState>;
    if (typeof parsed.uidValidity === 'string' && typeof parsed.lastUid === 'number') {
      return { uidValidity: parsed.uidValidity, lastUid: parsed.lastUid };
    }
  } catch {
    // A damaged cursor reads the folder again; the ingest is idempotent.
  }
  return null;
}

export function resolveImapCredentials(
  config: ImapConfig,
  env: NodeJS.ProcessEnv = process.env,
): { user: string; pass?: string; accessToken?: string } {
  const missing = [!config.host && 'host', !config.user && 'user'].filter(Boolean).join(', ');
  if (missing) throw new ImapError(`IMAP is not configured: ${missing} missing`, 'IMAP_NOT_CONFIGURED');
  const accessToken = env.OPSRADAR_IMAP_ACCESS_TOKEN || config.accessToken;
  const pass = env.OPSRADAR_IMAP_PASSWORD || config.password;
  if (accessToken) return { user: config.user as string, accessToken };
  if (pass) return { user: config.user as string, pass };
  throw new ImapError('no IMAP password or OAuth2 token', 'IMAP_NO_SECRET');
}

/** Removes the secrets from an error message before anyone prints it. */
function scrub(message: string, secrets: ReadonlyArray<string | undefined>): string {
  let out = message;
  for (const secret of secrets) if (secret) out = out.split(secret).join('***');
  return out;
}

/**
 * Reads new mail from each configured folder and ingests it. The folder is opened read-only
 * (EXAMINE) and fetched with BODY.PEEK, so no flag changes; only what `afterIngest` asks for is done.
 * The position (UIDVALIDITY, last UID) is kept in the store's cursors; a changed UIDVALIDITY
 * means the server renumbered the folder, so it is read again from the start.
 */
export async function ingestImap(
  store: Store,
  config: ImapConfig,
  options: ImapIngestOptions = {},
): Promise<ImapFolderResult[]> {
  const auth = resolveImapCredentials(config, options.env);
  const host = config.host as string;
  const port = config.port ?? (config.tls === 'implicit' ? 993 : 143);
  const clientOptions: ImapFlowOptions = {
    host,
    port,
    secure: config.tls === 'implicit',
    doSTARTTLS: config.tls === 'starttls' ? true : undefined,
    auth,
    logger: false,
    disableAutoIdle: true,
    tls: {
      rejectUnauthorized: true,
      ...(config.caFile ? { ca: readFileSync(config.caFile) } : {}),
      ...(config.servername ? { servername: config.servername } : {}),
    },
    ...(config.servername ? { servername: config.servername } : {}),
  };
  const client = new ImapFlow(clientOptions);
  // Without a listener a late socket error would crash the process.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    throw new ImapError(
      `IMAP ${host}:${port}: ${scrub((error as Error).message, [auth.pass, auth.accessToken])}`,
      'IMAP_CONNECT_FAILED',
    );
  }
  const results: ImapFolderResult[] = [];
  try {
    for (const folder of config.folders) {
      results.push(await ingestFolder(store, client, { host, user: auth.user }, folder, config, options));
    }
  } catch (error) {
    if (error instanceof OpsradarError) throw error;
    throw new ImapError(
      `IMAP ${host}:${port}: ${scrub((error as Error).message, [auth.pass, auth.accessToken])}`,
    );
  } finally {
    await client.logout().catch(() => client.close());
  }
  return results;
}

async function ingestFolder(
  store: Store,
  client: ImapFlow,
  account: { host: string; user: string },
  folder: string,
  config: ImapConfig,
  options: ImapIngestOptions,
): Promise<ImapFolderResult> {
  const cursor = imapCursorName(account, folder);
  const readOnly = config.afterIngest === 'none';
  const lock = await client.getMailboxLock(folder, { readOnly });
  try {
    const mailbox = client.mailbox;
    if (!mailbox) throw new ImapError(`IMAP: could not open folder ${folder}`);
    const uidValidity = String(mailbox.uidValidity);
    const saved = parseState(await store.cursors.get(cursor));
    let lastUid = saved?.lastUid ?? 0;
    if (saved && saved.uidValidity !== uidValidity) {
      options.onFolder?.({ type: 'uidvalidity-changed', folder, old: saved.uidValidity, new: uidValidity });
      lastUid = 0;
    }
    options.onFolder?.({ type: 'start', folder, uidValidity, lastUid });

    // Fetch the list first: the IMAP connection cannot run other commands while a FETCH streams.
    // RFC822.SIZE comes with the list, so a message over the limit is never fetched whole.
    const sizes = new Map<number, number>();
    if (mailbox.exists > 0) {
      for await (const message of client.fetch(
        `${lastUid + 1}:*`,
        { uid: true, size: true },
        { uid: true },
      )) {
        // "n:*" also returns the newest message when n is past the end; skip what was read.
        if (message.uid > lastUid) sizes.set(message.uid, message.size ?? 0);
      }
    }
    const uids = [...sizes.keys()].sort((a, b) => a - b);
    const limits = options.limits ?? defaultMailLimits;

    let advanced = lastUid;
    let blocked = false;
    const stored: number[] = [];
    async function* items(): AsyncGenerator<MailItem> {
      for (const uid of uids) {
        const size = sizes.get(uid) ?? 0;
        const oversize = size > limits.maxMessageBytes;
        // Past the limit only the head is fetched (BODY.PEEK[]<0.n>): headers and an excerpt.
        const source = oversize ? { start: 0, maxLength: headBytes(limits) } : true;
        const message = await client.fetchOne(String(uid), { uid: true, source }, { uid: true });
        const origin = `imap://${account.user}@${account.host}/${encodeURIComponent(folder)};UIDVALIDITY=${uidValidity}/;UID=${uid}`;
        const raw = message ? message.source : undefined;
        if (!raw) {
          yield { origin, error: 'the server returned no message source' };
          continue;
        }
        yield oversize ? { origin, raw, oversize: { size } } : { origin, raw };
      }
    }
    let index = 0;
    const summary = await ingestMail(store, items(), {
      ...(options.catalog ? { catalog: options.catalog } : {}),
      ...(options.limits ? { limits: options.limits } : {}),
      ...(options.now ? { now: options.now } : {}),
      ...(options.trust ? { trust: options.trust } : {}),
      parameters: { mailbox: `imap://${account.user}@${account.host}/${folder}`, uidValidity },
      onResult: (result) => {
        const uid = uids[index];
        index += 1;
        // A message that could not be stored stops the cursor, so the next run tries it again.
        if (result.status === 'failed') blocked = true;
        if (uid !== undefined && !blocked) advanced = uid;
        if (uid !== undefined && (result.status === 'recorded' || result.status === 'unchanged'))
          stored.push(uid);
        options.onResult?.(result);
      },
    });
    await store.cursors.set(cursor, JSON.stringify({ uidValidity, lastUid: advanced }));

    if (config.afterIngest === 'seen' && stored.length > 0) {
      await client.messageFlagsAdd(stored.join(','), ['\\Seen'], { uid: true });
    } else if (config.afterIngest === 'move' && config.moveTo && stored.length > 0) {
      await client.messageMove(stored.join(','), config.moveTo, { uid: true });
    }
    options.onFolder?.({ type: 'done', folder, count: uids.length, lastUid: advanced });
    return { folder, uidValidity, lastUid: advanced, summary };
  } finally {
    lock.release();
  }
}
