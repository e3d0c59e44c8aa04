import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import type { Env } from './env.js';

export interface RunningServer {
  /** http://HOST:PORT/ as a person opens it. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Loopback addresses: the only ones served without tokens. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Starts the Node HTTP server for the app; rejects when the port is taken. */
export function listen(app: Hono<Env>, options: { host: string; port: number }): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server = serve(
      { fetch: app.fetch, hostname: options.host, port: options.port },
      (info: AddressInfo) => {
        server.off('error', reject);
        const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
        const shown = host === '0.0.0.0' || host === '[::]' ? 'localhost' : host;
        resolve({
          url: `http://${shown}:${info.port}/`,
          port: info.port,
          close: () =>
            new Promise<void>((done) => {
              server.close(() => done());
              // Keep-alive browser connections would hold close() open.
              (server as { closeAllConnections?: () => void }).closeAllConnections?.();
            }),
        });
      },
    );
    server.once('error', reject);
  });
}
