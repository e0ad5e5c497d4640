import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import express, { NextFunction, Request, Response } from 'express';
import compression from 'compression';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AGENDY_VERSION, AppConfig, assignRequestId } from '@agendy/server/core';
import { mountQueueDashboard } from '@agendy/server/feature-ops';
import { documentIdempotencyKey } from '@agendy/server/feature-idempotency';
import { AppModule } from './app.module';

const API_PREFIX = 'api';

/** Strict for the app; the Swagger UI page needs inline bootstrapping, so it gets its own policy. */
const appCsp = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      'default-src': ["'self'"],
      'script-src': ["'self'"],
      'style-src': ["'self'", "'unsafe-inline'"],
      'img-src': ["'self'", 'data:'],
      'font-src': ["'self'", 'data:'],
      'connect-src': ["'self'"],
      'object-src': ["'none'"],
      'base-uri': ["'self'"],
      'form-action': ["'self'"],
      'frame-ancestors': ["'none'"],
    },
  },
  // HSTS is sent only on requests that came over TLS (see hsts below); on plain http it means nothing.
  strictTransportSecurity: false,
  crossOriginEmbedderPolicy: false,
});
/** Behind the TLS proxy (TRUST_PROXY) `req.secure` follows X-Forwarded-Proto. */
const hsts = helmet.strictTransportSecurity({ maxAge: 31_536_000, includeSubDomains: true });

const docsCsp = helmet({ contentSecurityPolicy: { directives: { 'script-src': ["'self'", "'unsafe-inline'"], 'style-src': ["'self'", "'unsafe-inline'"] } }, strictTransportSecurity: false });

function serveWebApp(app: NestExpressApplication, dir: string): void {
  const index = join(dir, 'index.html');
  // Only the static app is compressed (≈ 390 kB → 120 kB of JavaScript); API answers carry CSRF
  // tokens and personal data, where compression invites BREACH-style guessing.
  const compress = compression();
  app.use((req: Request, res: Response, next: NextFunction) => (req.path.startsWith(`/${API_PREFIX}/`) ? next() : compress(req, res, next)));
  app.use(express.static(dir, { index: false, maxAge: '1y', immutable: true, setHeaders: (res, path) => path.endsWith('.html') && res.setHeader('Cache-Control', 'no-cache') }));
  // Deep links such as /ukoly/42 are Angular routes: answer them with the app shell.
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method === 'GET' || req.method === 'HEAD') && !req.path.startsWith(`/${API_PREFIX}/`) && req.path !== `/${API_PREFIX}` && req.accepts('html')) {
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(index);
      return;
    }
    next();
  });
}

/** Builds the configured HTTP application; main.ts listens, integration tests use it in-process. */
export async function createApiApp(config: AppConfig, options: { bufferLogs?: boolean } = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { bufferLogs: options.bufferLogs ?? true, bodyParser: false });
  app.useLogger(app.get(Logger));
  if (config.http.trustProxy) app.set('trust proxy', 1);
  app.disable('x-powered-by');

  app.use((req: Request, res: Response, next: NextFunction) => {
    assignRequestId(req, res);
    next();
  });
  app.use((req: Request, res: Response, next: NextFunction) => (req.secure ? hsts(req, res, next) : next()));
  app.use(`/${API_PREFIX}/docs`, docsCsp);
  app.use((req: Request, res: Response, next: NextFunction) => (req.path.startsWith(`/${API_PREFIX}/docs`) ? next() : appCsp(req, res, next)));
  app.use(express.json({ limit: '1mb', type: ['application/json', 'application/*+json'] }));
  app.use(cookieParser());
  app.setGlobalPrefix(API_PREFIX);
  // bull-board (admins only) is Express, not Nest: mounted ahead of Nest's routes, outside OpenAPI.
  mountQueueDashboard(app);

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Agendy API')
      .setDescription('Agendy — e-government workflow intranet of Krajský úřad Libereckého kraje. Errors are RFC 9457 application/problem+json with a stable `code`.')
      .setVersion(AGENDY_VERSION)
      .addCookieAuth(config.session.cookieSecure ? '__Host-agendy-session' : 'agendy-session')
      .build(),
  );
  documentIdempotencyKey(document);
  SwaggerModule.setup(`${API_PREFIX}/docs`, app, document, { jsonDocumentUrl: `${API_PREFIX}/docs-json` });

  const webDir = config.webDistDir ? resolve(config.webDistDir) : undefined;
  if (webDir && existsSync(join(webDir, 'index.html'))) serveWebApp(app, webDir);

  return app;
}
