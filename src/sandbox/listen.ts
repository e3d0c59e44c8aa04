import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SandboxEngine } from './server.js';

/** Starts an HTTP server for an engine on 127.0.0.1. */
export async function listen(engine: SandboxEngine, port: number, host = '127.0.0.1'): Promise<Server> {
  const server = createServer({ keepAlive: true }, (req, res) => {
    engine.handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}

export function addressOf(server: Server): AddressInfo {
  return server.address() as AddressInfo;
}
