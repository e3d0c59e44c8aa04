import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import type { Env } from './env.js';

export interface RunningServer {
  /** http://HOST:PORT/ as a person opens it. */
  readonly url: string;
  readonly port: number;
  /** Requests being answered right now. */
  inFlight(): number;
  /**
   * Stops accepting connections, lets the requests in progress finish (at most `deadlineMs`, default
   * 10 s), then cuts what is left. Resolves once nothing runs, so the store can be closed after it.
   */
  close(options?: { deadlineMs?: number }): Promise<{ drained: boolean }>;
}

/** Loopback addresses: the only ones served without tokens. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export const DEFAULT_DRAIN_MS = 10_000;

function drain(server: Server, inFlight: () => number, deadlineMs: number): Promise<{ drained: boolean }> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (drained: boolean) => {
      if (settled) return;
      settled = true;
      clearInterval(poll);
      clearTimeout(deadline);
      // Idle keep-alive connections (and, past the deadline, busy ones) would hold close() open.
      server.closeAllConnections();
      resolve({ drained });
    };
    server.close();
    server.closeIdleConnections();
    const poll = setInterval(() => {
      server.closeIdleConnections();
      if (inFlight() === 0) finish(true);
    }, 20);
    const deadline = setTimeout(() => finish(inFlight() === 0), deadlineMs);
    if (inFlight() === 0) finish(true);
  });
}

/** Starts the Node HTTP server for the app; rejects when the port is taken. */
export function listen(app: Hono<Env>, options: { host: string; port: number }): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    let active = 0;
    const server = serve(
      { fetch: app.fetch, hostname: options.host, port: options.port },
      (info: AddressInfo) => {
        server.off('error', reject);
        const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
        const shown = host === '0.0.0.0' || host === '[::]' ? 'localhost' : host;
        resolve({
          url: `http://${shown}:${info.port}/`,
          port: info.port,
          inFlight: () => active,
          close: ({ deadlineMs = DEFAULT_DRAIN_MS } = {}) =>
            drain(server as Server, () => active, deadlineMs),
        });
      },
    ) as Server;
    server.on('request', (_request, response) => {
      active += 1;
      response.once('close', () => {
        active -= 1;
      });
    });
    server.once('error', reject);
  });
}
