import type { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { IdempotencyStore, requestFingerprint } from '@agendy/server/feature-idempotency';
import { loadShippedAgendas, loginAs, LoggedInAgent, seedDemoOffice, testConfig, truncateAll, userId } from '@agendy/server/testing';
import { createApiApp } from '../app/create-app';

/**
 * Idempotency-Key (issue 18) over HTTP against real PostgreSQL: replays, conflicts, exactly-once
 * under concurrency and across a simulated crash, release on rollback, expiry.
 * Nothing here waits on a clock: crashes and expired leases are made by editing the key's row.
 */
describe('Idempotency-Key on POST/PATCH', () => {
  let app: INestApplication;
  let db: DataSource;
  let store: IdempotencyStore;
  let jnovak: LoggedInAgent;
  let jnovakId: string;

  beforeAll(async () => {
    // A short lock timeout turns "the counter row is held" into a quick 503 (the rollback test).
    app = await createApiApp(testConfig({ DB_LOCK_TIMEOUT_MS: '2000' }));
    await app.init();
    // Listening once up front: concurrent supertest requests then share the server's address.
    await app.listen(0, '127.0.0.1');
    db = app.get(DataSource);
    store = app.get(IdempotencyStore);
  });
  afterAll(() => app.close());
  beforeEach(async () => {
    jest.restoreAllMocks();
    await truncateAll(db);
    await seedDemoOffice(db);
    await loadShippedAgendas(db);
    jnovak = await loginAs(app, 'jnovak');
    jnovakId = await userId(db, 'jnovak');
  });

  const draft = { agenda: 'leave-request', data: { type: 'dovolena' } };
  const post = (a: LoggedInAgent, url: string, body: object, key?: string) => {
    const r = a.agent.post(url).set('X-XSRF-TOKEN', a.xsrf);
    return (key === undefined ? r : r.set('Idempotency-Key', key)).send(body);
  };
  const requestsOf = async (id: string): Promise<number> => (await db.query(`SELECT count(*)::int AS n FROM requests WHERE filer_id = $1`, [id]))[0].n;
  const keyRow = async (key: string) =>
    (await db.query(`SELECT committed_at IS NOT NULL AS committed, finished_at IS NOT NULL AS finished, response_status FROM idempotency_keys WHERE key = $1`, [key]))[0] as
      | { committed: boolean; finished: boolean; response_status: number | null }
      | undefined;
  /** What a crash leaves behind once the dead attempt's lease has run out. */
  const expireLease = (key: string) => db.query(`UPDATE idempotency_keys SET claimed_at = now() - interval '1 hour' WHERE key = $1`, [key]);

  it('same key and body: one request, the first answer replayed', async () => {
    const first = await post(jnovak, '/api/v1/requests', draft, '"3f1c0d8e-7a52-4c1b-9a55-0e5f2b6a9d10"');
    expect(first.status).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    // The same key, sent bare instead of as an sf-string, in another key order.
    const again = await post(jnovak, '/api/v1/requests', { data: { type: 'dovolena' }, agenda: 'leave-request' }, '3f1c0d8e-7a52-4c1b-9a55-0e5f2b6a9d10');
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.text).toBe(first.text);
    expect(again.headers['content-type']).toBe(first.headers['content-type']);
    expect(again.headers['etag']).toBe(first.headers['etag']);
    expect(await requestsOf(jnovakId)).toBe(1);
    expect(await keyRow('3f1c0d8e-7a52-4c1b-9a55-0e5f2b6a9d10')).toEqual({ committed: true, finished: true, response_status: 201 });

    // Without a key, nothing changes: every POST creates.
    await post(jnovak, '/api/v1/requests', draft).expect(201);
    expect(await requestsOf(jnovakId)).toBe(2);
  });

  it('a transition retried with its key is taken once; PATCH honours the key too', async () => {
    const created = (await post(jnovak, '/api/v1/requests', draft).expect(201)).body;
    const patch = { data: { type: 'dovolena', dateFrom: '2031-03-03', dateTo: '2031-03-03' }, expectedVersion: created.version };
    const patched = await jnovak.agent.patch(`/api/v1/requests/${created.id}`).set('X-XSRF-TOKEN', jnovak.xsrf).set('Idempotency-Key', 'patch-1').send(patch);
    expect(patched.status).toBe(200);
    const patchedAgain = await jnovak.agent.patch(`/api/v1/requests/${created.id}`).set('X-XSRF-TOKEN', jnovak.xsrf).set('Idempotency-Key', 'patch-1').send(patch);
    expect({ status: patchedAgain.status, replayed: patchedAgain.headers['idempotent-replayed'], same: patchedAgain.text === patched.text }).toEqual({ status: 200, replayed: 'true', same: true });

    const body = { transition: 'cancel', expectedVersion: patched.body.version };
    const taken = await post(jnovak, `/api/v1/requests/${created.id}/transitions`, body, 'cancel-1');
    expect(taken.status).toBe(200);
    // Without the key this retry would be refused as STALE; with it the client learns the outcome.
    const retried = await post(jnovak, `/api/v1/requests/${created.id}/transitions`, body, 'cancel-1');
    expect({ status: retried.status, replayed: retried.headers['idempotent-replayed'], same: retried.text === taken.text }).toEqual({ status: 200, replayed: 'true', same: true });
    const history: Array<{ n: number }> = await db.query(`SELECT count(*)::int AS n FROM request_history WHERE request_id = $1 AND transition = 'cancel'`, [created.id]);
    expect(history[0].n).toBe(1);
  });

  it('same key with another body or path: 422 IDEMPOTENCY_KEY_REUSED, nothing created', async () => {
    await post(jnovak, '/api/v1/requests', draft, 'reused-key').expect(201);
    const otherBody = await post(jnovak, '/api/v1/requests', { agenda: 'leave-request', data: { type: 'nemoc' } }, 'reused-key');
    expect({ status: otherBody.status, code: otherBody.body.code, type: otherBody.headers['content-type'] }).toEqual({
      status: 422,
      code: 'IDEMPOTENCY_KEY_REUSED',
      type: expect.stringMatching(/^application\/problem\+json/),
    });
    const created = await db.query(`SELECT id FROM requests LIMIT 1`);
    const otherPath = await post(jnovak, `/api/v1/requests/${created[0].id}/comments`, { body: 'Ahoj' }, 'reused-key');
    expect(otherPath.status).toBe(422);
    expect(await requestsOf(jnovakId)).toBe(1);
    expect((await db.query(`SELECT count(*)::int AS n FROM request_comments`))[0].n).toBe(0);
  });

  it('a malformed key: 400 IDEMPOTENCY_KEY_INVALID, nothing created', async () => {
    for (const key of ['two words', '"a", "b"', 'x'.repeat(256), '']) {
      const res = await post(jnovak, '/api/v1/requests', draft, key);
      expect({ key, status: res.status, code: res.body.code }).toEqual({ key, status: 400, code: 'IDEMPOTENCY_KEY_INVALID' });
    }
    expect(await requestsOf(jnovakId)).toBe(0);
  });

  it('keys belong to one user: the same key of another user is another request; login ignores the header', async () => {
    const triha = await loginAs(app, 'triha');
    await post(jnovak, '/api/v1/requests', draft, 'shared-key').expect(201);
    const theirs = await post(triha, '/api/v1/requests', draft, 'shared-key');
    expect(theirs.status).toBe(201);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    expect(await requestsOf(await userId(db, 'triha'))).toBe(1);

    const anon = request.agent(app.getHttpServer());
    const me = await anon.get('/api/v1/auth/me');
    const xsrf = decodeURIComponent(/XSRF-TOKEN=([^;]+)/.exec(String(me.headers['set-cookie']))?.[1] ?? '');
    await anon.post('/api/v1/auth/login').set('X-XSRF-TOKEN', xsrf).set('Idempotency-Key', 'login-key').send({ username: 'jnovak', password: 'demo' }).expect(200);
    expect(await keyRow('login-key')).toBeUndefined();
  });

  it('10 concurrent identical POSTs with one key: exactly one request; the others replay it or answer 409 in flight', async () => {
    const answers = await Promise.all(Array.from({ length: 10 }, () => post(jnovak, '/api/v1/requests', draft, 'burst-key')));
    const fresh = answers.filter((a) => a.status === 201 && a.headers['idempotent-replayed'] === undefined);
    const replayed = answers.filter((a) => a.status === 201 && a.headers['idempotent-replayed'] === 'true');
    const inFlight = answers.filter((a) => a.status === 409);
    expect(answers.map((a) => a.status).filter((s) => s !== 201 && s !== 409)).toEqual([]);
    expect(fresh).toHaveLength(1);
    expect(replayed.length + inFlight.length).toBe(9);
    for (const r of replayed) expect(r.text).toBe(fresh[0].text);
    for (const r of inFlight) {
      expect(r.body.code).toBe('IDEMPOTENCY_KEY_IN_FLIGHT');
      expect(r.headers['retry-after']).toBe('1');
    }
    expect(await requestsOf(jnovakId)).toBe(1);
    const later = await post(jnovak, '/api/v1/requests', draft, 'burst-key');
    expect({ status: later.status, replayed: later.headers['idempotent-replayed'], same: later.text === fresh[0].text }).toEqual({ status: 201, replayed: 'true', same: true });
  });

  it('a crash after the commit (answer never stored): the key was consumed in the write\'s own transaction; the retry hears "carried out", nothing is repeated', async () => {
    // The process "dies" between COMMIT and storing the answer.
    jest.spyOn(store, 'finish').mockResolvedValue('closed');
    const first = await post(jnovak, '/api/v1/requests', draft, 'crash-key').expect(201);
    jest.restoreAllMocks();

    // Same transaction: the key's row version was written by the transaction that inserted the request.
    const [same] = await db.query(`SELECT k.xmin::text = r.xmin::text AS same FROM idempotency_keys k, requests r WHERE k.key = 'crash-key' AND r.id = $1`, [first.body.id]);
    expect(same).toEqual({ same: true });
    expect(await keyRow('crash-key')).toEqual({ committed: true, finished: false, response_status: null });

    // While the dead attempt's lease lasts, it looks like it is still running.
    const early = await post(jnovak, '/api/v1/requests', draft, 'crash-key');
    expect({ status: early.status, code: early.body.code, retryAfter: early.headers['retry-after'] }).toEqual({ status: 409, code: 'IDEMPOTENCY_KEY_IN_FLIGHT', retryAfter: '1' });
    await expireLease('crash-key');
    const retry = await post(jnovak, '/api/v1/requests', draft, 'crash-key');
    expect({ status: retry.status, code: retry.body.code }).toEqual({ status: 409, code: 'IDEMPOTENCY_KEY_COMPLETED' });
    expect(await requestsOf(jnovakId)).toBe(1);
  });

  it('a write that rolls back leaves no key: the retry runs and succeeds (also after a crash before the commit)', async () => {
    await post(jnovak, '/api/v1/requests', draft).expect(201); // the reference counter row now exists
    const holder = new Client({ connectionString: process.env['DATABASE_URL'] });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query(`SELECT * FROM reference_counters WHERE agenda_code = 'leave-request' FOR UPDATE`);
      // The filing transaction waits for the counter, hits lock_timeout and rolls back: 503.
      const busy = await post(jnovak, '/api/v1/requests', draft, 'rollback-key');
      expect({ status: busy.status, code: busy.body.code }).toEqual({ status: 503, code: 'DATABASE_BUSY' });
      expect(await keyRow('rollback-key')).toBeUndefined();

      // Again, but the process "dies" before it can release the key: the claim stays behind.
      jest.spyOn(store, 'finish').mockResolvedValue('closed');
      expect((await post(jnovak, '/api/v1/requests', draft, 'dead-key')).status).toBe(503);
      jest.restoreAllMocks();
      expect(await keyRow('dead-key')).toEqual({ committed: false, finished: false, response_status: null });
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
    }
    const retried = await post(jnovak, '/api/v1/requests', draft, 'rollback-key');
    expect(retried.status).toBe(201);
    // The dead attempt's claim blocks retries only until its lease runs out; nothing was written, so the retry takes over.
    expect((await post(jnovak, '/api/v1/requests', draft, 'dead-key')).status).toBe(409);
    await expireLease('dead-key');
    const takenOver = await post(jnovak, '/api/v1/requests', draft, 'dead-key');
    expect({ status: takenOver.status, replayed: takenOver.headers['idempotent-replayed'] }).toEqual({ status: 201, replayed: undefined });
    expect(await requestsOf(jnovakId)).toBe(3);

    // A refusal without a write (4xx) releases the key as well.
    const refused = await post(jnovak, '/api/v1/requests', { agenda: 'no-such-agenda', data: {} }, 'refused-key');
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.status).toBeLessThan(500);
    expect(await keyRow('refused-key')).toBeUndefined();
  });

  it('an attempt whose key was taken over cannot commit: its transaction rolls back', async () => {
    const claim = { userId: jnovakId, key: 'takeover-key', fingerprint: requestFingerprint({ method: 'POST', url: '/x', contentType: undefined, contentLength: undefined, body: {}, parsed: true }), method: 'POST', path: '/x' };
    const stale = await store.claim(claim);
    if (stale.kind !== 'owned') throw new Error(`expected to own the key, got ${stale.kind}`);
    expect((await store.claim(claim)).kind).toBe('in-flight');
    await expireLease('takeover-key');
    const fresh = await store.claim(claim);
    if (fresh.kind !== 'owned') throw new Error(`expected a takeover, got ${fresh.kind}`);

    // A visible write in the same transaction as the hook: it must roll back with it.
    const write = (token: string) =>
      db.transaction(async (em) => {
        await em.query(`UPDATE users SET display_name = display_name || ' (změněno)' WHERE id = $1`, [jnovakId]);
        await store.markCommitted(em, jnovakId, 'takeover-key', token);
      });
    const nameOf = async () => (await db.query(`SELECT display_name FROM users WHERE id = $1`, [jnovakId]))[0].display_name as string;
    const before = await nameOf();
    await expect(write(stale.token)).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_IN_FLIGHT' });
    expect(await nameOf()).toBe(before);
    expect(await keyRow('takeover-key')).toEqual({ committed: false, finished: false, response_status: null });
    await write(fresh.token);
    expect(await nameOf()).toBe(`${before} (změněno)`);
    expect(await keyRow('takeover-key')).toEqual({ committed: true, finished: false, response_status: null });
  });

  it('an answer without a body (204) and a handler without a transaction are replayed too', async () => {
    const first = await post(jnovak, '/api/v1/notifications/read-all', {}, 'read-all-key');
    expect(first.status).toBe(204);
    const again = await post(jnovak, '/api/v1/notifications/read-all', {}, 'read-all-key');
    expect({ status: again.status, replayed: again.headers['idempotent-replayed'], text: again.text }).toEqual({ status: 204, replayed: 'true', text: '' });
  });

  it('an answer that carries a secret (a TOTP enrolment) is never kept in the table', async () => {
    const enrolled = await post(jnovak, '/api/v1/me/otp/enrolment', {}, 'otp-key');
    expect(enrolled.status).toBe(200);
    expect(enrolled.body.secret).toEqual(expect.any(String));
    const secretKept: Array<{ n: number }> = await db.query(`SELECT count(*)::int AS n FROM idempotency_keys WHERE position($1::bytea IN coalesce(response_body, ''::bytea)) > 0`, [
      Buffer.from(enrolled.body.secret),
    ]);
    expect(secretKept[0].n).toBe(0);
    // Enrolment writes outside a transaction, so nothing consumed the key: a retry starts a new enrolment
    // (a transactional handler's retry would hear 409 IDEMPOTENCY_KEY_COMPLETED instead of a replay).
    const retry = await post(jnovak, '/api/v1/me/otp/enrolment', {}, 'otp-key');
    expect({ status: retry.status, replayed: retry.headers['idempotent-replayed'] }).toEqual({ status: 200, replayed: undefined });
    expect(await keyRow('otp-key')).toBeUndefined();
  });

  it('keys expire after 24 hours: an expired key runs again, and the purge deletes it', async () => {
    await post(jnovak, '/api/v1/requests', draft, 'old-key').expect(201);
    await post(jnovak, '/api/v1/requests', draft, 'young-key').expect(201);
    const [ttl] = await db.query(`SELECT round(extract(epoch FROM expires_at - created_at))::int AS s FROM idempotency_keys WHERE key = 'young-key'`);
    expect(ttl.s).toBe(24 * 3600);
    await db.query(`UPDATE idempotency_keys SET created_at = now() - interval '25 hours', expires_at = now() - interval '1 hour' WHERE key = 'old-key'`);

    const rerun = await post(jnovak, '/api/v1/requests', draft, 'old-key');
    expect({ status: rerun.status, replayed: rerun.headers['idempotent-replayed'] }).toEqual({ status: 201, replayed: undefined });
    expect(await requestsOf(jnovakId)).toBe(3);

    await db.query(`UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = 'old-key'`);
    expect(await store.purgeExpired()).toBe(1);
    expect(await keyRow('old-key')).toBeUndefined();
    expect(await keyRow('young-key')).toMatchObject({ committed: true });
  });

  it('documents the header on the operations that honour it', async () => {
    const doc = (await request(app.getHttpServer()).get('/api/docs-json').expect(200)).body;
    const ref = { $ref: '#/components/parameters/IdempotencyKey' };
    expect(doc.paths['/api/v1/requests'].post.parameters).toContainEqual(ref);
    expect(doc.paths['/api/v1/requests/{id}/transitions'].post.parameters).toContainEqual(ref);
    expect(doc.paths['/api/v1/requests/{id}'].patch.parameters).toContainEqual(ref);
    expect(doc.paths['/api/v1/auth/login'].post.parameters ?? []).not.toContainEqual(ref);
    expect(doc.components.parameters.IdempotencyKey).toMatchObject({ name: 'Idempotency-Key', in: 'header' });
  });
});
