import { findAgendaDefinition } from '../agenda-definitions';
import { Scenario, people } from '../testing/agenda-test-kit';
import { forgottenClockOut } from '../fixtures/attendance-correction.fixture';

const def = findAgendaDefinition('attendance-correction');
if (!def) throw new Error('attendance-correction is not shipped');
const { filer, manager, colleague } = people;
const forgottenOut = forgottenClockOut;

describe('agenda attendance-correction (oprava docházky)', () => {
  it('the employee submits a forgotten clock-out, the head of department approves it', () => {
    const s = new Scenario(def).take('submit', filer, forgottenOut);
    expect(s.snapshot.assignees).toEqual([{ kind: 'departmentManager', departmentId: 'OKH' }]);
    s.take('approve', manager);
    expect(s.snapshot).toMatchObject({ state: 'approved', final: true, data: forgottenOut });
  });

  it('refuses a correction without a reason, an unknown event, and approval by a colleague or the filer', () => {
    const e = new Scenario(def).refusal('submit', filer, { ...forgottenOut, reason: '', type: 'lunch' });
    expect(e.fieldErrors?.map((f) => f.pointer).sort()).toEqual(['/reason', '/type']);
    const s = new Scenario(def).take('submit', filer, forgottenOut);
    expect(s.refusal('approve', colleague).code).toBe('NOT_ALLOWED');
    expect(s.refusal('approve', filer).code).toBe('NOT_ALLOWED');
    expect(s.refusal('reject', manager).code).not.toBe('NOT_ALLOWED');
  });
});
