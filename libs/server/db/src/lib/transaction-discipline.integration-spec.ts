import type { DataSource } from 'typeorm';
import { createDataSource } from './data-source';
import { assertOutsideTransaction, configureTransactionGuard, insideTransaction, installTransactionGuard, takeTransactionViolations, TransactionDisciplineError, withCommitHook } from './transaction-discipline';

/** The guard and the server-side timeouts against a real PostgreSQL (the integration run's database). */
describe('transaction discipline', () => {
  let ds: DataSource;
  const url = () => process.env['DATABASE_URL'] as string;

  beforeAll(async () => {
    ds = installTransactionGuard(createDataSource(url(), 3, 'agendy-guard-it'));
    await ds.initialize();
    await ds.query(`CREATE TABLE IF NOT EXISTS guard_probe (id int PRIMARY KEY, note text)`);
  });
  afterAll(async () => {
    await ds.query(`DROP TABLE IF EXISTS guard_probe`);
    await ds.destroy();
  });
  beforeEach(async () => {
    configureTransactionGuard({ mode: 'throw' });
    await ds.query(`TRUNCATE guard_probe`);
  });
  // The violations here are on purpose; the suites' global check must not count them.
  afterEach(() => takeTransactionViolations());

  it('refuses a second pool connection inside a transaction, and rolls the transaction back', async () => {
    const attempt = ds.transaction(async (em) => {
      await em.query(`INSERT INTO guard_probe VALUES (1, 'inside')`);
      await ds.query(`SELECT 1`);
    });
    await expect(attempt).rejects.toThrow(TransactionDisciplineError);
    await expect(attempt).rejects.toThrow(/second pool connection/);
    expect(await ds.query(`SELECT count(*)::int AS n FROM guard_probe`)).toEqual([{ n: 0 }]);
  });

  it('refuses a transaction opened inside another one', async () => {
    await expect(ds.transaction(() => ds.transaction(async (inner) => inner.query(`SELECT 1`)))).rejects.toThrow(/inside another transaction/);
  });

  it('refuses slow outside work (RSA, PDF, SMTP …) inside a transaction, allows it outside', async () => {
    expect(() => assertOutsideTransaction('RSA signing')).not.toThrow();
    await expect(
      ds.transaction(async () => {
        expect(insideTransaction()).toBe(true);
        assertOutsideTransaction('RSA signing');
      }),
    ).rejects.toThrow(/RSA signing inside a database transaction/);
    expect(insideTransaction()).toBe(false);
  });

  it('allows what the transaction itself does, parallel statements on its manager, and work after commit', async () => {
    let later: Promise<unknown> = Promise.resolve();
    await ds.transaction(async (em) => {
      await Promise.all([em.query(`INSERT INTO guard_probe VALUES (1, 'a')`), em.query(`INSERT INTO guard_probe VALUES (2, 'b')`)]);
      await em.transaction((same) => same.query(`INSERT INTO guard_probe VALUES (3, 'savepoint')`));
      // Started inside, runs after commit: the transaction is closed by then, so it may take a connection.
      later = new Promise((resolve) => setTimeout(resolve, 20)).then(() => ds.query(`SELECT count(*)::int AS n FROM guard_probe`));
    });
    expect(await later).toEqual([{ n: 3 }]);
  });

  it('in log mode reports the violation with the place the transaction was opened, and goes on', async () => {
    const reported: Error[] = [];
    configureTransactionGuard({ mode: 'log', report: (e) => reported.push(e) });
    await ds.transaction(async () => {
      await ds.query(`SELECT 1`);
    });
    expect(reported).toHaveLength(1);
    expect(reported[0].message).toMatch(/second pool connection/);
    expect(reported[0].message).toMatch(/transaction-discipline\.integration-spec/);
  });

  it('runs a commit hook in the first committed transaction of its scope only, inside that transaction', async () => {
    const hooked: number[] = [];
    await withCommitHook({ beforeCommit: async (em) => void hooked.push((await em.query(`SELECT count(*)::int AS n FROM guard_probe`))[0].n) }, async () => {
      await ds
        .transaction(async (em) => {
          await em.query(`INSERT INTO guard_probe VALUES (1, 'rolled back')`);
          throw new Error('rollback');
        })
        .catch(() => undefined);
      await ds.transaction((em) => em.query(`INSERT INTO guard_probe VALUES (2, 'committed')`));
      await ds.transaction((em) => em.query(`INSERT INTO guard_probe VALUES (3, 'later')`));
    });
    // Once, in the transaction that committed first, seeing that transaction's own row.
    expect(hooked).toEqual([1]);
  });

  describe('server-side timeouts', () => {
    let guarded: DataSource;
    beforeAll(async () => {
      guarded = installTransactionGuard(createDataSource(url(), 2, 'agendy-guard-timeouts', { statementTimeoutMs: 1000, lockTimeoutMs: 200, idleInTransactionTimeoutMs: 500 }));
      await guarded.initialize();
    });
    afterAll(() => guarded.destroy());

    it('ends a statement that runs too long (57014)', async () => {
      await expect(guarded.query(`SELECT pg_sleep(5)`)).rejects.toMatchObject({ code: '57014' });
    });

    it('ends a lock wait that lasts too long (55P03) instead of queueing behind the holder', async () => {
      await ds.query(`INSERT INTO guard_probe VALUES (1, 'held')`);
      const runner = ds.createQueryRunner();
      await runner.connect();
      await runner.startTransaction();
      try {
        await runner.query(`SELECT * FROM guard_probe WHERE id = 1 FOR UPDATE`);
        await expect(guarded.transaction((em) => em.query(`UPDATE guard_probe SET note = 'waiting' WHERE id = 1`))).rejects.toMatchObject({ code: '55P03' });
      } finally {
        await runner.rollbackTransaction();
        await runner.release();
      }
    });

    it('ends a transaction left idle (its locks are freed for everyone else)', async () => {
      await ds.query(`INSERT INTO guard_probe VALUES (1, 'row')`);
      const runner = guarded.createQueryRunner();
      await runner.connect();
      await runner.startTransaction();
      await runner.query(`SELECT * FROM guard_probe WHERE id = 1 FOR UPDATE`);
      // The holder forgets about its transaction; after the limit the server ends the session.
      const t0 = Date.now();
      await ds.query(`UPDATE guard_probe SET note = 'freed' WHERE id = 1`);
      expect(Date.now() - t0).toBeLessThan(30_000);
      await expect(runner.query(`SELECT 1`)).rejects.toThrow();
      await runner.release().catch(() => undefined);
    });
  });
});
