import { findAgendaDefinition } from '../agenda-definitions';
import { Scenario, people } from '../testing/agenda-test-kit';
import { facilityManager, printerFault, technicianHorak, technicianNovak } from '../fixtures/office-agendas.fixture';

const def = findAgendaDefinition('maintenance-request');
if (!def) throw new Error('maintenance-request is not shipped');
const { filer, officer, colleague } = people;

describe('agenda maintenance-request (požadavky na techniku a údržbu)', () => {
  it('triage, technician assigned, resolved, confirmed by the filer', () => {
    const s = new Scenario(def).take('submit', filer, printerFault);
    // Technicians share the triage queue with the dispatchers: they see what they may take over (issue 19).
    expect(s.snapshot.assignees).toEqual([
      { kind: 'role', role: 'agenda-officer' },
      { kind: 'role', role: 'technician' },
    ]);
    s.take('assign-technician', officer, { technician: technicianNovak.userId });
    expect(s.snapshot).toMatchObject({ state: 'in-progress', assignees: [{ kind: 'user', userId: 'technik.novak' }] });
    expect(s.actionsOf(technicianHorak)).toEqual([]);
    s.take('resolve', technicianNovak, { resolution: 'Vyměněn podávací válec.', workHours: 1 });
    expect(s.snapshot.assignees).toEqual([{ kind: 'user', userId: filer.userId }]);
    s.take('confirm', filer);
    expect(s.snapshot).toMatchObject({ state: 'closed', final: true });
  });

  it('a technician takes a request himself; reopening returns it to him', () => {
    const s = new Scenario(def).take('submit', filer, printerFault).take('take-over', technicianHorak);
    expect(s.snapshot).toMatchObject({ data: { technician: 'technik.horak' }, assignees: [{ kind: 'user', userId: 'technik.horak' }] });
    s.take('resolve', technicianHorak, { resolution: 'Restart tiskového serveru.' }).take('reopen', filer, undefined, 'Tiskne znovu prázdné stránky.');
    expect(s.snapshot).toMatchObject({ state: 'in-progress', assignees: [{ kind: 'user', userId: 'technik.horak' }] });
  });

  it('an emergency alerts the facility manager at once', () => {
    const s = new Scenario(def).take('submit', filer, { ...printerFault, category: 'budova', priority: 'havarie', description: 'Z radiátoru teče voda na podlahu.' });
    expect(s.last.effects).toContainEqual(expect.objectContaining({ type: 'notify', recipients: [{ kind: 'role', role: 'facility-manager' }] }));
    const normal = new Scenario(def).take('submit', filer, printerFault);
    expect(normal.effectTypes().filter((t) => t === 'notify')).toEqual([]);
  });

  describe('rejections', () => {
    it('INVALID_DATA: unknown room format, short description, no technician chosen', () => {
      const e = new Scenario(def).refusal('submit', filer, { ...printerFault, room: 'kuchyňka', description: 'nejde to' });
      expect(e.fieldErrors?.map((f) => f.pointer)).toEqual(['/room', '/description']);
      const s = new Scenario(def).take('submit', filer, printerFault);
      expect(s.refusal('assign-technician', officer).fieldErrors?.[0]).toMatchObject({ pointer: '/technician', keyword: 'required' });
    });

    it('NOT_ALLOWED: another technician resolving, a colleague triaging', () => {
      const s = new Scenario(def).take('submit', filer, printerFault);
      expect(s.refusal('assign-technician', colleague, { technician: 'x' }).code).toBe('NOT_ALLOWED');
      s.take('assign-technician', facilityManager, { technician: technicianNovak.userId });
      expect(s.refusal('resolve', technicianHorak, { resolution: 'Hotovo, vyměněno.' }).code).toBe('NOT_ALLOWED');
    });

    it('WRONG_STATE: confirming before resolution; STALE', () => {
      const s = new Scenario(def).take('submit', filer, printerFault);
      expect(s.refusal('confirm', filer).code).toBe('WRONG_STATE');
      expect(s.refused({ type: 'transition', name: 'withdraw', expectedVersion: 1 }, filer)).toBe('STALE');
    });
  });
});
