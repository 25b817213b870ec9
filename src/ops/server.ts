// Health and metrics over HTTP: GET /healthz (the process is up), GET /readyz (store reachable,
// adapters connected), GET /metrics (Prometheus). The routes have the shape Bolt's customRoutes
// take, so they can share the Slack HTTP server; otherwise they get a small server of their own.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../core/context';
import type { Metrics } from './metrics';

export interface OpsRoute {
  readonly path: string;
  readonly method: string[];
  handler(req: IncomingMessage, res: ServerResponse): void;
}

export interface ReadinessReport {
  readonly ready: boolean;
  readonly checks: Readonly<Record<string, 'ok' | string>>;
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

export function opsRoutes(deps: { metrics: Metrics; readiness: () => Promise<ReadinessReport>; logger: Logger }): OpsRoute[] {
  return [
    { path: '/healthz', method: ['GET'], handler: (_req, res) => send(res, 200, 'text/plain', 'ok\n') },
    {
      path: '/readyz',
      method: ['GET'],
      handler: (_req, res) => {
        deps.readiness().then(
          (report) => send(res, report.ready ? 200 : 503, 'application/json', `${JSON.stringify(report)}\n`),
          (error: unknown) => {
            deps.logger.error({ err: error }, 'readiness check failed');
            send(res, 503, 'application/json', '{"ready":false}\n');
          },
        );
      },
    },
    {
      path: '/metrics',
      method: ['GET'],
      handler: (_req, res) => {
        deps.metrics.text().then(
          (body) => send(res, 200, deps.metrics.contentType, body),
          (error: unknown) => {
            deps.logger.error({ err: error }, 'metrics collection failed');
            send(res, 500, 'text/plain', 'metrics unavailable\n');
          },
        );
      },
    },
  ];
}

export interface OpsServer {
  readonly port: number;
  close(): Promise<void>;
}

export function startOpsServer(port: number, routes: readonly OpsRoute[], host = '0.0.0.0'): Promise<OpsServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const route = routes.find((r) => r.path === path);
    if (!route) return send(res, 404, 'text/plain', 'not found\n');
    if (!route.method.includes(req.method ?? 'GET')) return send(res, 405, 'text/plain', 'method not allowed\n');
    route.handler(req, res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}
