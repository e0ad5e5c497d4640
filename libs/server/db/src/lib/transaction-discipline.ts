import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager } from 'typeorm';

/**
 * Transaction discipline (issue 18, DESIGN §7): code running inside a transaction uses only that
 * transaction's EntityManager and never waits on anything outside the database.
 *
 * Why a guard and not a convention: the system froze for eight minutes because a signing
 * transaction (holding the audit chain-head row) called a service that opened a second
 * transaction on another pool connection, whose audit append waited for that row. PostgreSQL
 * cannot see such a cycle — one side waits in Node — so no deadlock detector ends it. The guard
 * makes the pattern fail loudly where it is written instead of freezing production.
 *
 * Mechanism: every top-level transaction runs in an AsyncLocalStorage context. Acquiring a pool
 * connection (TypeORM's `obtainMasterConnection`) while that context's transaction is open is a
 * violation; so is calling `assertOutsideTransaction()` — which the slow paths (RSA signing, PDF
 * rendering, SMTP, LDAP, TSA, key generation) call on entry.
 *
 *   throw: the violation throws TransactionDisciplineError (development and tests);
 *   log:   it is reported with a stack through the logger and the work goes on (production);
 *   off:   nothing is checked.
 */
export type TransactionGuardMode = 'throw' | 'log' | 'off';

export class TransactionDisciplineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransactionDisciplineError';
  }
}

interface OpenTransaction {
  /** True from the moment the transaction has its connection until it is released. */
  open: boolean;
  readonly openedAt: Error;
}

/** Work that must join the first transaction committed in an async scope (see withCommitHook). */
export interface CommitHook {
  beforeCommit(em: EntityManager): Promise<void>;
}

interface HookScope {
  hook: CommitHook;
  used: boolean;
}

const transactions = new AsyncLocalStorage<OpenTransaction>();
const hookScopes = new AsyncLocalStorage<HookScope>();

let mode: TransactionGuardMode = 'throw';
let report: (error: TransactionDisciplineError) => void = (e) => process.stderr.write(`${e.stack ?? e.message}\n`);

/** Sets how violations are answered (process-wide: one policy per process). */
export function configureTransactionGuard(options: { mode: TransactionGuardMode; report?: (error: TransactionDisciplineError) => void }): void {
  mode = options.mode;
  if (options.report) report = options.report;
}

export function transactionGuardMode(): TransactionGuardMode {
  return mode;
}

/**
 * Every violation of this process since the last take, whatever the mode: a violation thrown inside
 * a retried job or a swallowed promise would otherwise pass unnoticed (the test suites check it
 * after each test).
 */
const recorded: TransactionDisciplineError[] = [];

export function takeTransactionViolations(): TransactionDisciplineError[] {
  return recorded.splice(0, recorded.length);
}

/** The frames of our own code: the guard, TypeORM and Node internals say nothing about where to fix it. */
function ownFrames(stack: string | undefined): string {
  return (stack ?? '')
    .split('\n')
    .slice(1)
    .filter((line) => !/node_modules|transaction-discipline\.ts|node:internal|\.\.\/main\/src\/|^\s*$/.test(line))
    .slice(0, 8)
    .join('\n');
}

function violation(message: string, tx: OpenTransaction): void {
  if (mode === 'off') return;
  const here = ownFrames(new Error().stack);
  const error = new TransactionDisciplineError(`${message}.\nAt:\n${here}\nThe transaction was opened at:\n${ownFrames(tx.openedAt.stack)}`);
  if (recorded.length < 100) recorded.push(error);
  if (mode === 'throw') throw error;
  report(error);
}

/** True while the current async context runs inside an open transaction. */
export function insideTransaction(): boolean {
  return transactions.getStore()?.open === true;
}

/**
 * Called at the entry of slow work that must never run while a transaction holds rows: RSA or
 * PKCS#11 signing, PDF rendering, TSA, SMTP, LDAP, key generation.
 */
export function assertOutsideTransaction(what: string): void {
  const tx = transactions.getStore();
  if (tx?.open) violation(`${what} inside a database transaction: do it before the transaction or after commit (outbox)`, tx);
}

/**
 * Runs `fn` so that the first transaction committed inside it also runs `hook.beforeCommit` with
 * that transaction's EntityManager, just before COMMIT. Used by idempotency keys: the key is
 * recorded atomically with the write it protects, so a retry after a crash can never repeat it.
 */
export function withCommitHook<T>(hook: CommitHook, fn: () => T): T {
  return hookScopes.run({ hook, used: false }, fn);
}

type TransactionFn = EntityManager['transaction'];

/**
 * Installs the guard on one DataSource (idempotent). Call it right after `initialize()`; every
 * process's DataSource gets it (api, worker, CLI, tests).
 */
export function installTransactionGuard(ds: DataSource): DataSource {
  const marked = ds as DataSource & { __transactionGuard?: true };
  if (marked.__transactionGuard) return ds;
  marked.__transactionGuard = true;

  const driver = ds.driver as unknown as { obtainMasterConnection: () => Promise<unknown> };
  const obtain = driver.obtainMasterConnection.bind(driver);
  driver.obtainMasterConnection = async () => {
    const tx = transactions.getStore();
    if (tx?.open) violation('A second pool connection was requested inside a database transaction (use the transaction\'s EntityManager)', tx);
    return obtain();
  };

  const manager = ds.manager;
  const transaction = manager.transaction.bind(manager) as (...args: unknown[]) => Promise<unknown>;
  const guarded = (isolationOrFn: unknown, maybeFn?: unknown): Promise<unknown> => {
    const outer = transactions.getStore();
    if (outer?.open) violation('A new transaction was opened inside another transaction (it needs a second connection)', outer);
    const fn = (typeof isolationOrFn === 'function' ? isolationOrFn : maybeFn) as (em: EntityManager) => Promise<unknown>;
    const isolation = typeof isolationOrFn === 'function' ? undefined : isolationOrFn;
    const state: OpenTransaction = { open: false, openedAt: new Error('transaction') };
    const scope = hookScopes.getStore();
    let hooked = false;
    const body = async (em: EntityManager) => {
      state.open = true;
      const result = await fn(em);
      if (scope && !scope.used) {
        hooked = true;
        await scope.hook.beforeCommit(em);
      }
      return result;
    };
    return transactions
      .run(state, () => (isolation === undefined ? transaction(body) : transaction(isolation, body)))
      .then((result) => {
        // Only a committed transaction uses the hook up; after a rollback the next one records it.
        if (hooked && scope) scope.used = true;
        return result;
      })
      .finally(() => {
        state.open = false;
      });
  };
  manager.transaction = guarded as TransactionFn;
  return ds;
}
