import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { AppConfig } from './config';
import { assignRequestId, requestIdOf } from './request-id';

/**
 * Structured JSON logs (one line per event) with the request id on every line of a request.
 * Headers are not logged at all, so cookies and tokens never reach the log.
 */
export function loggerParams(config: AppConfig, service: 'api' | 'worker'): Params {
  return {
    pinoHttp: {
      level: config.log.level,
      base: { service },
      ...(config.log.pretty ? { transport: { target: 'pino-pretty', options: { singleLine: true } } } : {}),
      // assignRequestId() ran first for every request; this only covers requests that bypassed it.
      genReqId: (req: IncomingMessage, res: ServerResponse) => requestIdOf(req) ?? assignRequestId(req, res),
      serializers: {
        req: (req: { id?: string; method?: string; url?: string; remoteAddress?: string }) => ({ id: req.id, method: req.method, url: req.url, remoteAddress: req.remoteAddress }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      },
      customLogLevel: (_req: IncomingMessage, res: ServerResponse, err?: Error) =>
        err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
      // Health probes every few seconds would drown everything else.
      autoLogging: { ignore: (req: IncomingMessage) => req.url === '/api/health' },
    },
  };
}
