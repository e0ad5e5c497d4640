import { findAgendaDefinition } from '../agenda-definitions';
import { Scenario, people } from '../testing/agenda-test-kit';
import { doctor, homeOffice, hr, leave } from '../fixtures/leave-request.fixture';

const def = findAgendaDefinition('leave-request');
if (!def) throw new Error('leave-request is not shipped');
const { filer, manager, otherManager, director, system } = people;

describe('agenda leave-request (dovolená, sick day, lékař, home office)', () => {
  it('leave approved by the head of department, deputy notified, then recorded in attendance', () => {
    const s = new Scenario(def).take('submit', filer, leave);
    expect(s.snapshot).toMatchObject({ state: 'approval', assignees: [{ kind: 'departmentManager', departmentId: 'OKH' }] });
    s.take('approve', manager);
    expect(s.snapshot).toMatchObject({ state: 'approved', data: { approvedAt: s.now.toISOString() } });
    expect(s.last.effects.filter((e) => e.type === 'notify').map((e) => (e.type === 'notify' ? e.recipients : []))).toEqual([
      [{ kind: 'user', userId: filer.userId }],
      [{ kind: 'user', userId: 'tomas.kral' }],
    ]);
    s.take('record-taken', system);
    expect(s.snapshot).toMatchObject({ state: 'taken', final: true });
  });

  it('a head of department filing for herself is approved by the director, not by herself', () => {
    const s = new Scenario(def, {}, undefined, { ...manager, userId: filer.userId }).take('submit', { ...manager, userId: filer.userId }, homeOffice);
    expect(s.refusal('approve', { ...manager, userId: filer.userId }).code).toBe('NOT_ALLOWED');
    expect(s.actionsOf(director)).toEqual(['approve', 'return', 'reject']);
    s.take('approve', director);
    expect(s.snapshot.state).toBe('approved');
  });

  it('an approved future absence can be cancelled and the manager is told', () => {
    const s = new Scenario(def).take('submit', filer, leave).take('approve', manager).take('cancel', filer);
    expect(s.snapshot.state).toBe('cancelled');
    expect(s.last.effects).toContainEqual(expect.objectContaining({ type: 'notify', recipients: [{ kind: 'departmentManager', departmentId: 'OKH' }] }));
  });

  describe('rejections', () => {
    it('INVALID_DATA: doctor visit without times, leave in the past, reversed dates, sick day over several days', () => {
      const s = new Scenario(def);
      expect(s.refusal('submit', filer, { type: 'lekar', dateFrom: '2028-03-02', dateTo: '2028-03-02' }).fieldErrors?.map((e) => e.pointer)).toEqual(['/timeFrom', '/timeTo']);
      const past = s.refusal('submit', filer, { ...leave, dateFrom: '2026-11-20' });
      expect(past.fieldErrors?.map((e) => e.message.cs)).toEqual(['„Od“: dovolenou a práci z domova nelze žádat zpětně']);
      expect(s.refusal('submit', filer, { ...leave, dateTo: '2028-07-01' }).fieldErrors?.[0]).toMatchObject({ pointer: '/dateTo', keyword: 'rule' });
      expect(s.refusal('submit', filer, { type: 'sick-day', dateFrom: '2028-01-10', dateTo: '2028-01-11' }).fieldErrors?.[0].params).toEqual({ rule: 'single-day-types' });
      expect(s.refusal('submit', filer, { ...doctor, timeTo: '07:00' }).fieldErrors?.[0].pointer).toBe('/timeTo');
    });

    it('INVALID_DATA: rejecting without a reason', () => {
      const s = new Scenario(def).take('submit', filer, leave);
      expect(s.refusal('reject', manager).fieldErrors?.[0].keyword).toBe('commentRequired');
    });

    it('NOT_ALLOWED: the head of another department, HR approving', () => {
      const s = new Scenario(def).take('submit', filer, leave);
      expect(s.refusal('approve', otherManager).code).toBe('NOT_ALLOWED');
      expect(s.refusal('approve', hr).code).toBe('NOT_ALLOWED');
      expect(s.actionsOf(otherManager)).toEqual([]);
    });

    it('GUARD_FAILED: cancelling an absence that has already started', () => {
      const s = new Scenario(def).take('submit', filer, leave).take('approve', manager);
      s.now = new Date('2028-07-14T08:00:00Z');
      expect(s.refusal('cancel', filer).code).toBe('GUARD_FAILED');
    });

    it('WRONG_STATE and STALE', () => {
      const s = new Scenario(def).take('submit', filer, leave);
      expect(s.refusal('record-taken', system).code).toBe('WRONG_STATE');
      expect(s.refused({ type: 'transition', name: 'approve', expectedVersion: 1 }, manager)).toBe('STALE');
    });
  });

  it('escalates to the director when the manager does not decide in 3 business days', () => {
    const s = new Scenario(def).take('submit', filer, leave);
    const deadline = s.snapshot.deadlines[0];
    // Filed Friday 27 Nov: due Wednesday 2 Dec, escalated a business day later.
    expect(deadline).toMatchObject({ dueAt: '2026-12-02T22:59:59.999Z', escalateAt: '2026-12-03T22:59:59.999Z' });
    s.send({ type: 'timer', deadlineId: deadline.id, timer: 'escalate' }, system, new Date(deadline.escalateAt));
    expect(s.last.effects).toEqual([expect.objectContaining({ type: 'notify', recipients: [{ kind: 'role', role: 'director' }] })]);
  });
});
