import type { DataSource } from 'typeorm';
import { addDays, isOfficeWorkingDay, pragueLocalToInstant, toPragueDate } from '@agendy/shared/util';

/** Working-time models of the demo accounts: full time flexible by default, one part-timer on fixed hours. */
const DEMO_MODELS: Record<string, { weeklyMinutes: number; kind: 'fixed' | 'flexible'; startTime: string | null; coreFrom: string | null; coreTo: string | null; sickDays: number }> = {
  jnovak: { weeklyMinutes: 2400, kind: 'flexible', startTime: null, coreFrom: '09:00', coreTo: '14:00', sickDays: 3 },
  jdvorakova: { weeklyMinutes: 2400, kind: 'flexible', startTime: null, coreFrom: '09:00', coreTo: '14:00', sickDays: 3 },
  triha: { weeklyMinutes: 1800, kind: 'fixed', startTime: '07:00', coreFrom: null, coreTo: null, sickDays: 3 },
  lcerna: { weeklyMinutes: 2400, kind: 'flexible', startTime: null, coreFrom: '09:00', coreTo: '14:00', sickDays: 3 },
};

/** Deterministic jitter in minutes from a string, so a re-seed writes the same times. */
function jitter(key: string, span: number): number {
  let h = 0;
  for (const c of key) h = (h * 31 + c.charCodeAt(0)) | 0;
  return Math.abs(h) % span;
}

/**
 * Demo attendance: working-time models and three weeks of clock events (arrival, lunch break,
 * departure) on the working days before today. Idempotent: people who already have events are skipped.
 */
export async function seedDemoAttendance(ds: DataSource, now = new Date()): Promise<{ models: number; events: number }> {
  let models = 0;
  let events = 0;
  const today = toPragueDate(now);
  for (const [username, m] of Object.entries(DEMO_MODELS)) {
    const [u]: Array<{ id: string }> = await ds.query(`SELECT id FROM users WHERE username = $1`, [username]);
    if (!u) continue;
    const inserted: unknown[] = await ds.query(
      `INSERT INTO attendance_work_models (user_id, weekly_minutes, kind, start_time, core_from, core_to, sick_days) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (user_id) DO NOTHING RETURNING user_id`,
      [u.id, m.weeklyMinutes, m.kind, m.startTime, m.coreFrom, m.coreTo, m.sickDays],
    );
    models += inserted.length;
    const [has]: unknown[] = await ds.query(`SELECT 1 FROM attendance_events WHERE user_id = $1 LIMIT 1`, [u.id]);
    if (has) continue;
    const daily = m.weeklyMinutes / 5;
    for (let d = addDays(today, -21); d < today; d = addDays(d, 1)) {
      if (!isOfficeWorkingDay(d)) continue;
      const start = m.startTime ? 7 * 60 - 5 + jitter(`${username}${d}in`, 5) : 7 * 60 + 20 + jitter(`${username}${d}in`, 60);
      const lunch = 11 * 60 + 30 + jitter(`${username}${d}lunch`, 40);
      const breakLength = 30 + jitter(`${username}${d}brk`, 15);
      const end = start + daily + breakLength + jitter(`${username}${d}out`, 40);
      const at = (minute: number) => pragueLocalToInstant(d, Math.floor(minute / 60), minute % 60);
      const day: Array<[string, Date]> =
        daily > 360
          ? [['in', at(start)], ['break-start', at(lunch)], ['break-end', at(lunch + breakLength)], ['out', at(end)]]
          : [['in', at(start)], ['out', at(start + daily)]];
      for (const [type, instant] of day) {
        await ds.query(`INSERT INTO attendance_events (user_id, type, at, note, created_by) VALUES ($1, $2, $3, 'demo', $1) ON CONFLICT DO NOTHING`, [u.id, type, instant]);
        events++;
      }
    }
  }
  return { models, events };
}
