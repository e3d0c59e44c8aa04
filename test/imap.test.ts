import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerIngestImap } from '../src/cli/ingest-imap.js';
import { demoMail } from '../src/ingest/email/demo.js';
import { type FolderEvent, type ImapConfig, imapCursorName, ingestImap } from '../src/ingest/email/imap.js';
import { defaultMailLimits, headBytes } from '../src/ingest/email/limits.js';
import { quarantineRepository } from '../src/ingest/email/quarantine.js';
import { storeTargets } from './support/stores.js';

/**
 * A real Dovecot IMAP server (Debian package dovecot-imapd), started with its own configuration
 * in a temporary directory: IMAPS on a free port with a self-signed certificate made by openssl,
 * plain authentication against a passwd-file, Maildir storage.
 */
interface Dovecot {
  port: number;
  caFile: string;
  user: string;
  password: string;
  stop(): Promise<void>;
}

const DOVECOT = '/usr/sbin/dovecot';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

async function waitForPort(port: number, process: ChildProcess, log: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (process.exitCode !== null) {
      throw new Error(
        `dovecot exited (${process.exitCode}): ${existsSync(log) ? readFileSync(log, 'utf8') : ''}`,
      );
    }
    const open = await new Promise<boolean>((resolve) => {
      const socket = new Socket();
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
      socket.connect(port, '127.0.0.1');
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`dovecot did not listen on ${port}: ${existsSync(log) ? readFileSync(log, 'utf8') : ''}`);
}

async function startDovecot(): Promise<Dovecot> {
  if (!existsSync(DOVECOT)) {
    throw new Error('dovecot is not installed: apt-get install -y dovecot-imapd (see .ci/run)');
  }
  const dir = mkdtempSync(join(tmpdir(), 'opsradar-dovecot-'));
  const root = process.getuid?.() === 0;
  // As root, Dovecot drops privileges: mail belongs to an unprivileged user, the login processes to dovenull.
  const mailUid = root ? 65534 : (process.getuid?.() ?? 1000);
  const mailGid = root ? 65534 : (process.getgid?.() ?? 1000);
  const me = userInfo().username;
  chmodSync(dir, 0o755);
  for (const sub of ['run', 'state', 'mail']) mkdirSync(join(dir, sub));
  if (root) chownSync(join(dir, 'mail'), mailUid, mailGid);
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { stdio: 'ignore' },
  );
  const user = 'aws-root';
  const password = randomBytes(12).toString('hex');
  writeFileSync(join(dir, 'users'), `${user}:{PLAIN}${password}::::::\n`);
  const port = await freePort();
  const log = join(dir, 'dovecot.log');
  const config = [
    `base_dir = ${join(dir, 'run')}`,
    `state_dir = ${join(dir, 'state')}`,
    `log_path = ${log}`,
    'protocols = imap',
    'listen = 127.0.0.1',
    'ssl = required',
    `ssl_cert = <${cert}`,
    `ssl_key = <${key}`,
    ...(existsSync('/usr/share/dovecot/dh.pem') ? ['ssl_dh = </usr/share/dovecot/dh.pem'] : []),
    'disable_plaintext_auth = yes',
    'auth_mechanisms = plain login',
    `mail_location = maildir:${join(dir, 'mail')}/%u`,
    `first_valid_uid = ${Math.min(mailUid, 500)}`,
    `default_internal_user = ${root ? 'dovecot' : me}`,
    `default_login_user = ${root ? 'dovenull' : me}`,
    'passdb {',
    '  driver = passwd-file',
    `  args = scheme=PLAIN username_format=%u ${join(dir, 'users')}`,
    '}',
    'userdb {',
    '  driver = static',
    `  args = uid=${mailUid} gid=${mailGid} home=${join(dir, 'mail')}/%u`,
    '}',
    'service imap-login {',
    '  inet_listener imap {',
    '    port = 0',
    '  }',
    '  inet_listener imaps {',
    `    port = ${port}`,
    '    ssl = yes',
    '  }',
    '}',
    'service stats {',
    '  unix_listener stats-reader {',
    `    user = ${root ? 'dovecot' : me}`,
    '  }',
    '  unix_listener stats-writer {',
    `    user = ${root ? 'dovecot' : me}`,
    '    mode = 0666',
    '  }',
    '}',
    '',
  ].join('\n');
  writeFileSync(join(dir, 'dovecot.conf'), config);
  const child = spawn(DOVECOT, ['-F', '-c', join(dir, 'dovecot.conf')], { stdio: 'ignore' });
  await waitForPort(port, child, log);
  return {
    port,
    caFile: cert,
    user,
    password,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A second, independent client: what the tests use to put mail in and look at it afterwards. */
async function client(server: Dovecot): Promise<ImapFlow> {
  const imap = new ImapFlow({
    host: '127.0.0.1',
    port: server.port,
    secure: true,
    servername: 'localhost',
    auth: { user: server.user, pass: server.password },
    tls: { ca: readFileSync(server.caFile), servername: 'localhost' },
    logger: false,
    disableAutoIdle: true,
  });
  imap.on('error', () => undefined);
  await imap.connect();
  return imap;
}

interface MailboxView {
  uidValidity: string;
  messages: Array<{ uid: number; flags: string[] }>;
}

async function look(server: Dovecot, folder = 'INBOX'): Promise<MailboxView> {
  const imap = await client(server);
  try {
    const lock = await imap.getMailboxLock(folder, { readOnly: true });
    try {
      const messages: Array<{ uid: number; flags: string[] }> = [];
      const box = imap.mailbox;
      if (box !== false && box.exists > 0) {
        for await (const m of imap.fetch('1:*', { uid: true, flags: true })) {
          messages.push({ uid: m.uid, flags: [...(m.flags ?? [])].sort() });
        }
      }
      return { uidValidity: box === false ? '' : String(box.uidValidity), messages };
    } finally {
      lock.release();
    }
  } finally {
    await imap.logout();
  }
}

async function append(server: Dovecot, messages: Buffer[], folder = 'INBOX'): Promise<void> {
  const imap = await client(server);
  try {
    for (const message of messages) await imap.append(folder, message, []);
  } finally {
    await imap.logout();
  }
}

const now = new Date('2026-11-24T00:00:00Z');
const demo = demoMail(now);
const notice = (index: number): Buffer => {
  const item = demo[index];
  if (!item) throw new Error(`demo mail ${index} missing`);
  return item.raw;
};
const newsletter = Buffer.from(
  'From: news@example.org\r\nSubject: Weekly digest\r\nMessage-ID: <digest-9@example.org>\r\n\r\nTen articles.\r\n',
);

let server: Dovecot;

beforeAll(async () => {
  server = await startDovecot();
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

describe.each(storeTargets())('IMAP ingest against a real Dovecot on $name', ({ open }) => {
  it('reads only new mail on each run, follows a UIDVALIDITY change, and leaves the mailbox untouched', async () => {
    // Prepare
    const store = await open();
    const folder = `Notices${randomBytes(3).toString('hex')}`;
    const setup = await client(server);
    await setup.mailboxCreate(folder);
    await setup.logout();
    await append(server, [notice(0), notice(1), newsletter], folder);
    const before = await look(server, folder);
    const config: ImapConfig = {
      host: '127.0.0.1',
      servername: 'localhost',
      port: server.port,
      tls: 'implicit',
      user: server.user,
      folders: [folder],
      caFile: server.caFile,
      afterIngest: 'none',
    };
    const env = { OPSRADAR_IMAP_PASSWORD: server.password };
    const events: FolderEvent[] = [];
    try {
      // Act: first run reads everything.
      const [first] = await ingestImap(store, config, {
        env,
        now: () => now,
        onFolder: (e) => events.push(e),
      });
      const afterFirst = await look(server, folder);
      // Act: one new message, then a run with nothing new.
      await append(server, [notice(2)], folder);
      const [second] = await ingestImap(store, config, { env, now: () => now });
      const [third] = await ingestImap(store, config, { env, now: () => now });

      // Assess
      expect(first?.summary.counts).toEqual({ recorded: 2, unchanged: 0, quarantined: 1, failed: 0 });
      expect(first?.lastUid).toBe(3);
      expect(second?.summary.results.map((r) => r.kind)).toEqual(['vpn-maintenance']);
      expect(second?.lastUid).toBe(4);
      expect(third?.summary.results).toEqual([]);
      // Read-only: same messages, same UIDs, same (empty) flags — no \Seen, nothing moved or deleted.
      expect(afterFirst).toEqual(before);
      // \Recent is a per-session flag the server manages itself; nothing else may appear.
      const stored = (m: { flags: string[] }): string[] => m.flags.filter((f) => f !== '\\Recent');
      expect(before.messages.map(stored)).toEqual([[], [], []]);
      const finalView = await look(server, folder);
      expect(finalView.messages.map((m) => m.uid)).toEqual([1, 2, 3, 4]);
      expect(finalView.messages.map(stored)).toEqual([[], [], [], []]);
      expect(events[0]).toEqual({ type: 'start', folder, uidValidity: before.uidValidity, lastUid: 0 });
      expect(
        JSON.parse(
          (await store.cursors.get(imapCursorName({ host: '127.0.0.1', user: server.user }, folder))) ?? '{}',
        ),
      ).toEqual({
        uidValidity: before.uidValidity,
        lastUid: 4,
      });
      const quarantined = await quarantineRepository(store).list();
      expect(quarantined.map((q) => q.origin)).toEqual([
        `imap://${server.user}@127.0.0.1/${folder};UIDVALIDITY=${before.uidValidity}/;UID=3`,
      ]);

      // Prepare: the folder is rebuilt on the server (new UIDVALIDITY, UIDs restart).
      const admin = await client(server);
      await admin.mailboxDelete(folder);
      await admin.mailboxCreate(folder);
      await admin.logout();
      await append(server, [notice(0), notice(3)], folder);
      const rebuilt = await look(server, folder);
      const changed: FolderEvent[] = [];

      // Act
      const [fourth] = await ingestImap(store, config, {
        env,
        now: () => now,
        onFolder: (e) => changed.push(e),
      });

      // Assess: read again from the start; the notice already stored is recognised by Message-ID.
      expect(rebuilt.uidValidity).not.toBe(before.uidValidity);
      expect(changed[0]).toEqual({
        type: 'uidvalidity-changed',
        folder,
        old: before.uidValidity,
        new: rebuilt.uidValidity,
      });
      expect(fourth?.summary.results.map((r) => [r.status, r.kind])).toEqual([
        ['unchanged', 'ec2-scheduled-event'],
        ['recorded', 'ses-enforcement'],
      ]);
      expect(fourth?.lastUid).toBe(2);
      expect(await look(server, folder)).toEqual(rebuilt);
      const ec2 = (await store.occurrences.list({ kind: 'ec2-scheduled-event' })).map((o) => o.resource);
      expect(ec2).toEqual(['i-0a1b2c3d4e5f60718']);
    } finally {
      await store.close();
    }
  });
});

describe('IMAP ingest with afterIngest configured', () => {
  it('marks only the stored notices \\Seen when the user asks for it, and leaves the quarantined one alone', async () => {
    // Prepare
    const [sqlite] = storeTargets();
    if (!sqlite) throw new Error('no sqlite target');
    const store = await sqlite.open();
    const folder = `Seen${randomBytes(3).toString('hex')}`;
    const setup = await client(server);
    await setup.mailboxCreate(folder);
    await setup.logout();
    await append(server, [notice(4), newsletter], folder);
    const config: ImapConfig = {
      host: 'localhost',
      port: server.port,
      tls: 'implicit',
      user: server.user,
      folders: [folder],
      caFile: server.caFile,
      afterIngest: 'seen',
    };
    try {
      // Act
      await ingestImap(store, config, { env: { OPSRADAR_IMAP_PASSWORD: server.password }, now: () => now });
      // Assess
      const view = await look(server, folder);
      expect(view.messages.map((m) => [m.uid, m.flags.filter((f) => f !== '\\Recent')])).toEqual([
        [1, ['\\Seen']],
        [2, []],
      ]);
    } finally {
      await store.close();
    }
  });
});

describe('IMAP ingest of a message over the size limit', () => {
  it('checks RFC822.SIZE first, fetches only the head, and quarantines it with its UID; the next one is read', async () => {
    // Prepare: 1 MiB of body against a 64 KiB limit.
    const [sqlite] = storeTargets();
    if (!sqlite) throw new Error('no sqlite target');
    const store = await sqlite.open();
    const folder = `Big${randomBytes(3).toString('hex')}`;
    const setup = await client(server);
    await setup.mailboxCreate(folder);
    await setup.logout();
    const filler = Array.from(
      { length: 16_384 },
      (_, i) => `filler ${String(i).padStart(8, '0')} ${'.'.repeat(48)}`,
    );
    const big = Buffer.concat([newsletter, Buffer.from(`${filler.join('\r\n')}\r\n`)]);
    await append(server, [big, notice(4)], folder);
    const limits = { ...defaultMailLimits, maxMessageBytes: 64 * 1024, maxHeaderBytes: 4096 };
    const config: ImapConfig = {
      host: 'localhost',
      port: server.port,
      tls: 'implicit',
      user: server.user,
      folders: [folder],
      caFile: server.caFile,
      afterIngest: 'none',
    };
    try {
      // Act
      const [result] = await ingestImap(store, config, {
        env: { OPSRADAR_IMAP_PASSWORD: server.password },
        now: () => now,
        limits,
      });
      // Assess
      expect(result?.summary.results.map((r) => r.status)).toEqual(['quarantined', 'recorded']);
      expect(result?.lastUid).toBe(2);
      const entry = await quarantineRepository(store).get(result?.summary.results[0]?.quarantineId ?? '');
      expect(entry?.reason.code).toBe('too-large');
      expect(entry?.origin).toMatch(/;UID=1$/);
      expect(entry?.subject).toBe('Weekly digest');
      expect(entry?.raw.length).toBeLessThanOrEqual(headBytes(limits));
      expect(entry?.raw.length).toBeLessThan(big.length);
    } finally {
      await store.close();
    }
  });
});

describe('ingest imap command', () => {
  it('fails with a clear message on a wrong password and never prints the password', async () => {
    // Prepare
    const [sqlite] = storeTargets();
    if (!sqlite) throw new Error('no sqlite target');
    const location = await sqlite.fresh();
    const out: string[] = [];
    const err: string[] = [];
    const program = new Command('opsradar')
      .option('--lang <lang>')
      .option('--db <db>')
      .option('--config <file>');
    program.exitOverride();
    registerIngestImap(program, {
      out: (t) => out.push(typeof t === 'string' ? t : Buffer.from(t).toString('latin1')),
      err: (t) => err.push(t),
      setExitCode: () => undefined,
    });
    const wrong = `wrong-${randomBytes(6).toString('hex')}`;
    const previous = process.env.OPSRADAR_IMAP_PASSWORD;
    process.env.OPSRADAR_IMAP_PASSWORD = wrong;
    let error: unknown;
    try {
      // Act
      await program.parseAsync(
        [
          '--lang',
          'en',
          '--db',
          location.target,
          'ingest',
          'imap',
          '--host',
          'localhost',
          '--port',
          String(server.port),
          '--user',
          server.user,
          '--ca-file',
          server.caFile,
        ],
        { from: 'user' },
      );
    } catch (caught) {
      error = caught;
    } finally {
      if (previous === undefined) delete process.env.OPSRADAR_IMAP_PASSWORD;
      else process.env.OPSRADAR_IMAP_PASSWORD = previous;
      await location.dispose();
    }
    // Assess
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toMatch(new RegExp(`^IMAP localhost:${server.port}: `));
    expect([message, ...out, ...err].join('\n')).not.toContain(wrong);
  });
});
