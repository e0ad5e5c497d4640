import { DATABASE_VITALS_SQL, parseDatabaseVitals, parseOutboxVitals } from './database-vitals';

describe('database vitals', () => {
  it('reads PostgreSQL numbers (which may arrive as strings) and the heartbeat', () => {
    expect(
      parseDatabaseVitals({
        idle_in_transaction: '2',
        longest_idle_in_transaction_s: 7.25,
        lock_waiting: 9,
        longest_lock_wait_s: '480.5',
        heartbeat_age_s: 12.5,
        last_heartbeat_at: new Date('2026-12-07T10:00:00Z'),
      }),
    ).toEqual({
      idleInTransaction: 2,
      longestIdleInTransactionSeconds: 7.25,
      lockWaiting: 9,
      longestLockWaitSeconds: 480.5,
      heartbeatAgeSeconds: 12.5,
      lastHeartbeatAt: '2026-12-07T10:00:00.000Z',
    });
  });

  it('knows no heartbeat from an old one, and a heartbeat from the future is fresh', () => {
    const none = parseDatabaseVitals({ idle_in_transaction: 0, longest_idle_in_transaction_s: 0, lock_waiting: 0, longest_lock_wait_s: 0, heartbeat_age_s: null, last_heartbeat_at: null });
    expect(none.heartbeatAgeSeconds).toBeNull();
    expect(none.lastHeartbeatAt).toBeNull();
    expect(parseDatabaseVitals({ idle_in_transaction: 0, longest_idle_in_transaction_s: 0, lock_waiting: 0, longest_lock_wait_s: 0, heartbeat_age_s: -2, last_heartbeat_at: '2026-12-07T10:00:02Z' }).heartbeatAgeSeconds).toBe(0);
  });

  it('looks only at Agendy sessions of this database, never at its own', () => {
    expect(DATABASE_VITALS_SQL).toMatch(/application_name LIKE 'agendy%'/);
    expect(DATABASE_VITALS_SQL).toMatch(/datname = current_database\(\)/);
    expect(DATABASE_VITALS_SQL).toMatch(/pid <> pg_backend_pid\(\)/);
  });

  it('reads the outbox row', () => {
    expect(parseOutboxVitals({ unrelayed: 3, unprocessed: '4', oldest_due_s: 12.5 })).toEqual({ unrelayed: 3, unprocessed: 4, oldestDueSeconds: 12.5 });
    expect(parseOutboxVitals(undefined)).toEqual({ unrelayed: 0, unprocessed: 0, oldestDueSeconds: 0 });
  });
});
