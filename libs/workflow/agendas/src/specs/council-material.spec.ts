import { findAgendaDefinition } from '../agenda-definitions';
import { Scenario, people } from '../testing/agenda-test-kit';
import { councilSecretary, councillor, legal, material } from '../fixtures/office-agendas.fixture';

const def = findAgendaDefinition('council-material');
if (!def) throw new Error('council-material is not shipped');
const { filer, manager, colleague, system } = people;

function scheduled(): Scenario {
  return new Scenario(def as NonNullable<typeof def>)
    .take('submit-for-review', filer, material)
    .vote('approve', manager)
    .vote('approve', legal)
    .take('sign-off', councillor)
    .take('signed', system)
    .take('include-in-session', councilSecretary, { sessionDate: '2027-01-15', agendaItemNumber: 12 });
}

describe('agenda council-material (materiál do rady kraje)', () => {
  it('reviewed by head and legal, signed by the council member, scheduled, resolution recorded', () => {
    const s = new Scenario(def).take('submit-for-review', filer, material);
    expect(s.snapshot.approval).toMatchObject({ mode: 'all', required: 2 });
    s.vote('approve', legal).vote('approve', manager);
    expect(s.snapshot).toMatchObject({ state: 'council-member-signoff', assignees: [{ kind: 'user', userId: 'radni.kolar' }] });
    s.take('sign-off', councillor);
    expect(s.last.effects.find((e) => e.type === 'requestSignatures')).toMatchObject({
      signers: [
        { order: 1, level: 'advanced', party: { kind: 'departmentManager', departmentId: 'OKH' } },
        { order: 2, level: 'advanced', party: { kind: 'user', userId: 'radni.kolar' } },
      ],
    });
    s.take('signed', system).take('include-in-session', councilSecretary, { sessionDate: '2027-01-15', agendaItemNumber: 12 });
    s.take('record-resolution', councilSecretary, { resolutionNumber: '1234/27/RK', resolutionOutcome: 'prijato' });
    expect(s.snapshot).toMatchObject({ state: 'decided', final: true });
    expect(s.last.effects).toContainEqual(expect.objectContaining({ type: 'publishToRegister', register: 'council-resolutions' }));
  });

  it('a postponed item goes back to scheduling without a resolution', () => {
    const s = scheduled().take('record-resolution', councilSecretary, { resolutionOutcome: 'odlozeno' });
    expect(s.snapshot.state).toBe('scheduling');
    expect(s.effectTypes()).not.toContain('publishToRegister');
  });

  it('legal objections return the material to its author', () => {
    const s = new Scenario(def).take('submit-for-review', filer, material).vote('reject', legal, 'Chybí právní titul pro poskytnutí dotace.');
    expect(s.snapshot).toMatchObject({ state: 'preparation', assignees: [{ kind: 'user', userId: filer.userId }] });
  });

  describe('rejections', () => {
    it('INVALID_DATA: resolution number in the wrong form, proposal too short', () => {
      expect(scheduled().refusal('record-resolution', councilSecretary, { resolutionNumber: '1234/2027', resolutionOutcome: 'prijato' }).fieldErrors?.[0]).toMatchObject({
        pointer: '/resolutionNumber',
        keyword: 'pattern',
      });
      expect(new Scenario(def).refusal('submit-for-review', filer, { ...material, proposedResolution: 'Schvaluje.' }).fieldErrors?.[0].pointer).toBe('/proposedResolution');
    });

    it('GUARD_FAILED: adopted without a resolution number, a session in the past', () => {
      expect(scheduled().refusal('record-resolution', councilSecretary, { resolutionOutcome: 'prijato' }).code).toBe('GUARD_FAILED');
      const s = new Scenario(def).take('submit-for-review', filer, material).vote('approve', manager).vote('approve', legal).take('sign-off', councillor).take('signed', system);
      expect(s.refusal('include-in-session', councilSecretary, { sessionDate: '2026-11-01', agendaItemNumber: 3 }).code).toBe('GUARD_FAILED');
    });

    it('NOT_ALLOWED: another councillor signing off, the author reviewing her own material', () => {
      const s = new Scenario(def).take('submit-for-review', filer, material);
      expect(s.refused({ type: 'vote', vote: 'approve' }, { ...legal, userId: filer.userId })).toBe('NOT_ALLOWED');
      s.vote('approve', manager).vote('approve', legal);
      expect(s.refusal('sign-off', colleague).code).toBe('NOT_ALLOWED');
    });

    it('WRONG_STATE: recording a resolution before the session; STALE', () => {
      const s = new Scenario(def).take('submit-for-review', filer, material);
      expect(s.refusal('record-resolution', councilSecretary, { resolutionNumber: '1/27/RK', resolutionOutcome: 'prijato' }).code).toBe('WRONG_STATE');
      expect(s.refused({ type: 'vote', vote: 'approve', expectedVersion: 1 }, manager)).toBe('STALE');
    });
  });
});
