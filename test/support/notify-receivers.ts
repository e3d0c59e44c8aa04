import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** One request a local receiver got. */
export interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** What the receiver answers: a status (and headers), in order; then 200 for ever. */
export interface PlannedResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export interface HttpReceiver {
  url: string;
  requests: ReceivedRequest[];
  /** Responses for the next requests, in order. */
  respond(...responses: PlannedResponse[]): void;
  close(): Promise<void>;
}

/** A local HTTP server standing in for Slack, Teams or a webhook receiver. */
export async function startHttpReceiver(okStatus = 200): Promise<HttpReceiver> {
  const requests: ReceivedRequest[] = [];
  const planned: PlannedResponse[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests.push({
        path: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const next = planned.shift() ?? { status: okStatus };
      res.writeHead(next.status, { 'content-type': 'text/plain', ...next.headers });
      res.end(next.body ?? (next.status < 300 ? 'ok' : 'error'));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    requests,
    respond: (...responses) => planned.push(...responses),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A self-signed certificate for localhost / 127.0.0.1, made by openssl. */
export function selfSignedCertificate(): { cert: string; key: string; dir: string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'opsradar-cert-'));
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
  return { cert, key, dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface ReceivedMail {
  parsed: ParsedMail;
  raw: string;
  envelopeTo: string[];
  /** True when the session had been upgraded with STARTTLS (or was TLS from the start). */
  secure: boolean;
  user: string | undefined;
}

export interface SmtpReceiver {
  port: number;
  mails: ReceivedMail[];
  close(): Promise<void>;
}

/**
 * A real SMTP server (npm smtp-server) on a local TCP port: STARTTLS with the given certificate
 * and AUTH PLAIN/LOGIN required; it refuses mail before TLS and before authentication.
 */
export async function startSmtpReceiver(options: {
  cert: string;
  key: string;
  user: string;
  password: string;
  /** `tls`: TLS from the first byte (port 465 style); default STARTTLS. */
  implicitTls?: boolean;
}): Promise<SmtpReceiver> {
  const { readFileSync } = await import('node:fs');
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    secure: options.implicitTls ?? false,
    key: readFileSync(options.key),
    cert: readFileSync(options.cert),
    authMethods: ['PLAIN', 'LOGIN'],
    allowInsecureAuth: false,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === options.user && auth.password === options.password) {
        callback(null, { user: auth.username });
      } else callback(new Error('Invalid username or password'));
    },
    onMailFrom(_address, session, callback) {
      if (!session.secure) return callback(new Error('Must issue a STARTTLS command first'));
      if (!session.user) return callback(new Error('Authentication required'));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw)
          .then((parsed) => {
            mails.push({
              parsed,
              raw,
              envelopeTo: session.envelope.rcptTo.map((r) => r.address),
              secure: session.secure,
              user: typeof session.user === 'string' ? session.user : undefined,
            });
            callback();
          })
          .catch(callback);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { port, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
