/* eslint-disable @nx/enforce-module-boundaries -- the api app itself is under test here, the worker runs as a separate process */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { SMTPServer } from 'smtp-server';
import { DataSource } from 'typeorm';
import { JobProducer } from '@agendy/server/queue';
import { eventually, loadShippedAgendas, loginAs, seedDemoOffice, testConfig, truncateAll } from '@agendy/server/testing';
import { createApiApp } from '../../../api/src/app/create-app';
import { recordFault } from './report';
import { WorkerProcess } from './support';

/**
 * An SMTP server that counts a message as delivered only once it has answered 250 — the point
 * where the sender may consider it sent. The first message is held without an answer until the
 * test lets go, so the worker can be killed in the middle of sending it.
 */
async function holdingSmtp(): Promise<{ url: string; delivered: string[]; held: Promise<void>; close: () => Promise<void> }> {
  const delivered: string[] = [];
  let releaseHeld!: () => void;
  const held = new Promise<void>((r) => (releaseHeld = r));
  let holding = true;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (holding) {
          holding = false;
          releaseHeld();
          return; // no answer: the sender dies waiting for it
        }
        delivered.push(`${session.envelope.rcptTo.map((r) => r.address).join(',')} ${Buffer.concat(chunks).toString('utf8').match(/^Subject: .*$/m)?.[0] ?? ''}`);
        callback();
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `smtp://127.0.0.1:${port}`, delivered, held, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/**
 * The worker (its own OS process) is SIGKILLed while it is in the middle of an SMTP transaction
 * for a notification e-mail, then started again. BullMQ hands the stalled job to the new worker
 * once the dead one's lock has expired (30 s).
 */
describe('fault: the worker is SIGKILLed in the middle of a job', () => {
  let app: INestApplication;
  let db: DataSource;
  let smtp: Awaited<ReturnType<typeof holdingSmtp>>;
  let worker: WorkerProcess;
  let firstDelivery: string[] = [];
  let killedAt = 0;
  let requestId = '';

  beforeAll(async () => {
    smtp = await holdingSmtp();
    const env = {
      NODE_ENV: 'test',
      DATABASE_URL: process.env['DATABASE_URL'] as string,
      REDIS_URL: process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379',
      QUEUE_PREFIX: `agendy-fault-${randomBytes(4).toString('hex')}`,
      SMTP_URL: smtp.url,
      OUTBOX_POLL_MS: '100',
      LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'warn',
      COOKIE_SECURE: 'false',
      DATABASE_POOL_SIZE: '4',
      ATTACHMENTS_DIR: mkdtempSync(join(tmpdir(), 'agendy-kill-')),
    };
    app = await createApiApp(testConfig({ ...env, LOG_LEVEL: 'silent' }));
    await app.init();
    db = app.get(DataSource);
    await truncateAll(db);
    await seedDemoOffice(db);
    await loadShippedAgendas(db);
    worker = new WorkerProcess(env);
  }, 90_000);
  afterAll(async () => {
    await worker?.kill();
    await app?.get(JobProducer).queue('effects').obliterate({ force: true }).catch(() => undefined);
    await app?.close();
    await smtp?.close();
  });

  it('re-runs the job after the restart: the effect is processed exactly once', async () => {
    worker.start();
    const filer = await loginAs(app, 'jnovak');
    const created = await filer.agent.post('/api/v1/requests').set('X-XSRF-TOKEN', filer.xsrf).send({ agenda: 'leave-request', data: { type: 'dovolena', dateFrom: '2028-07-13', dateTo: '2028-07-24' } });
    expect(created.status).toBe(201);
    requestId = created.body.id;
    const submit = await filer.agent.post(`/api/v1/requests/${requestId}/transitions`).set('X-XSRF-TOKEN', filer.xsrf).send({ transition: 'submit', expectedVersion: 1 });
    expect(submit.status).toBe(200);

    // The worker boots from source (slow on a busy machine), relays the effect and starts sending.
    await Promise.race([smtp.held, new Promise((_, reject) => setTimeout(() => reject(new Error(`the worker never sent the mail:\n${worker.output.slice(-3000)}`)), 120_000))]);
    const [mid]: Array<{ status: string }> = await db.query(`SELECT email_status AS status FROM notifications WHERE request_id = $1`, [requestId]);
    await worker.kill('SIGKILL');
    killedAt = Date.now();
    expect(mid.status).toBe('sending');
    expect(smtp.delivered).toEqual([]);

    worker.start();
    // The dead worker's lock expires (30 s), the new worker finds the job stalled and runs it again.
    const [effect]: Array<{ id: string }> = await db.query(`SELECT id FROM outbox WHERE request_id = $1 AND job = 'effects.notify'`, [requestId]);
    const queue = app.get(JobProducer).queue('effects');
    const job = await eventually(
      async () => {
        const j = await queue.getJob(effect.id);
        return j && (await j.getState()) === 'completed' ? j : undefined;
      },
      150_000,
      'the interrupted job completed by the restarted worker',
    );
    expect(job.returnvalue).toMatch(/already-processed/);
    const [row]: Array<{ process_count: number }> = await db.query(`SELECT process_count FROM outbox WHERE id = $1`, [effect.id]);
    expect(row.process_count).toBe(1);
    const [notes]: Array<{ n: number }> = await db.query(`SELECT count(*)::int AS n FROM notifications WHERE request_id = $1`, [requestId]);
    expect(notes.n).toBe(1);
    // Whatever the retried job was going to send, it has sent by now.
    await new Promise((r) => setTimeout(r, 1000));
    firstDelivery = [...smtp.delivered];
    recordFault(
      'worker SIGKILLed in the middle of sending an e-mail',
      'SMTP transaction open (message sent, 250 not yet answered) when the worker process was killed',
      `the stalled job was re-run by the restarted worker and completed ${Math.round((Date.now() - killedAt) / 1000)} s after the kill; effect processed once (process_count 1, 1 notification); e-mails accepted by the SMTP server: ${firstDelivery.length} (expected 1)`,
    );
  }, 300_000);

  /**
   * The row the killed worker left in 'sending' is claimed again by the retried job (one job per
   * effect under BullMQ's lock), so the e-mail goes out once — with a stable Message-ID in case the
   * SMTP server had in fact accepted it before the kill.
   */
  it('delivers the interrupted e-mail exactly once after the restart', async () => {
    expect(firstDelivery).toHaveLength(1);
  });
});
