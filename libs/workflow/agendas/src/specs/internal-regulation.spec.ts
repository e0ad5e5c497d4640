import { findAgendaDefinition } from '../agenda-definitions';
import { Scenario, people, user } from '../testing/agenda-test-kit';
import { economicsHead, legal, regulation } from '../fixtures/office-agendas.fixture';

const def = findAgendaDefinition('internal-regulation');
if (!def) throw new Error('internal-regulation is not shipped');
const { filer, otherManager, director, officer, colleague, system } = people;
const tomas = user('tomas.kral');
const eva = user('eva.dvorakova');

function atDirector(): Scenario {
  return new Scenario(def as NonNullable<typeof def>)
    .take('start-comment-round', filer, regulation)
    .vote('approve', economicsHead)
    .vote('approve', otherManager)
    .take('legal-approve', legal, { legalOpinion: 'Bez právních výhrad.' });
}

describe('agenda internal-regulation (vnitřní předpis)', () => {
  it('comment round, legal review, director signs, published, acknowledged, later repealed', () => {
    const s = new Scenario(def).take('start-comment-round', filer, regulation);
    expect(s.snapshot.approval?.slots.map((slot) => slot.party)).toEqual([
      { kind: 'departmentManager', departmentId: 'OE' },
      { kind: 'departmentManager', departmentId: 'OLP' },
    ]);
    s.vote('approve', economicsHead).vote('approve', otherManager);
    expect(s.snapshot.state).toBe('legal-review');
    s.take('legal-approve', legal, { legalOpinion: 'Bez právních výhrad.' });
    s.take('approve', director, { number: 'SM/3/2027', effectiveFrom: '2027-01-01' });
    expect(s.snapshot.state).toBe('signing');
    expect(s.last.effects.find((e) => e.type === 'requestSignatures')).toMatchObject({ signers: [{ order: 1, level: 'advanced', party: { kind: 'role', role: 'director' } }, { order: 2, level: 'seal' }] });
    s.take('signed', system);
    expect(s.last.effects).toContainEqual(expect.objectContaining({ type: 'publishToRegister', register: 'internal-regulations', data: expect.objectContaining({ number: 'SM/3/2027', effectiveFrom: '2027-01-01' }) }));
    s.vote('approve', tomas);
    expect(s.snapshot.state).toBe('acknowledgement');
    s.vote('approve', eva);
    expect(s.snapshot.state).toBe('effective');
    s.take('repeal', system, { repealedBy: 'SM/9/2028' });
    expect(s.snapshot).toMatchObject({ state: 'repealed', final: true });
  });

  it('comments from one department send the draft back for settling once everyone has answered', () => {
    const s = new Scenario(def).take('start-comment-round', filer, regulation).vote('reject', economicsHead, 'Doplnit lhůty pro likvidaci faktur.');
    expect(s.snapshot.state).toBe('comment-round');
    s.vote('approve', otherManager);
    expect(s.snapshot.state).toBe('settling-comments');
    s.take('start-comment-round', filer, { commentDepartments: ['OE'] });
    expect(s.snapshot.approval?.slots).toHaveLength(1);
  });

  describe('rejections', () => {
    it('INVALID_DATA: no department to comment, a malformed number; comments without text', () => {
      const e = new Scenario(def).refusal('start-comment-round', filer, { ...regulation, commentDepartments: [], repeals: 'směrnice 12' });
      expect(e.fieldErrors?.map((f) => [f.pointer, f.keyword])).toEqual([
        ['/commentDepartments', 'minItems'],
        ['/repeals', 'pattern'],
      ]);
      const s = new Scenario(def).take('start-comment-round', filer, regulation);
      expect(s.refused({ type: 'vote', vote: 'reject' }, economicsHead)).toBe('INVALID_DATA');
    });

    it('GUARD_FAILED: taking effect retroactively', () => {
      const e = atDirector().refusal('approve', director, { number: 'SM/3/2026', effectiveFrom: '2026-01-01' });
      expect(e).toMatchObject({ code: 'GUARD_FAILED', message: { cs: 'Účinnost nemůže nastat zpětně.' } });
    });

    it('NOT_ALLOWED: a department not asked to comment, someone not affected acknowledging, a colleague approving', () => {
      const s = new Scenario(def).take('start-comment-round', filer, regulation);
      expect(s.refused({ type: 'vote', vote: 'approve' }, user('x', { managerOf: ['OKH'] }))).toBe('NOT_ALLOWED');
      const d = atDirector();
      expect(d.refusal('approve', colleague, { number: 'SM/3/2027', effectiveFrom: '2027-01-01' }).code).toBe('NOT_ALLOWED');
      d.take('approve', director, { number: 'SM/3/2027', effectiveFrom: '2027-01-01' }).take('signed', system);
      expect(d.refused({ type: 'vote', vote: 'approve' }, user('nekdo.jiny'))).toBe('NOT_ALLOWED');
      d.take('close-acknowledgement', officer, undefined, 'Seznámení uzavřeno po 15 dnech.');
      expect(d.snapshot.state).toBe('effective');
    });

    it('WRONG_STATE: repealing a draft; STALE', () => {
      const s = new Scenario(def);
      expect(s.refusal('repeal', system, { repealedBy: 'SM/1/2027' }).code).toBe('WRONG_STATE');
      expect(s.refused({ type: 'transition', name: 'save', expectedVersion: 0 }, filer)).toBe('STALE');
    });
  });
});
