import { spawnSync } from 'node:child_process';
import { findAgendaDefinition } from '@agendy/workflow/agendas';
import { renderDocument } from '@agendy/signing/pades';
import type { AgendaDefinition } from '@agendy/workflow/engine';
import type { UserFacts } from '@agendy/server/feature-agendas';
import { signerAs, signingDateFields, systemStepFrom } from '../signing/signature-service';
import { SHIPPED_TEMPLATES } from './shipped-templates';
import { buildDocumentSpec, fill, genericTemplate, signerSlotsFor, templateProblems, type TemplateContext } from './template-renderer';

const regulation = findAgendaDefinition('internal-regulation') as AgendaDefinition;
const contract = findAgendaDefinition('contract-order') as AgendaDefinition;

const ctx = (definition: AgendaDefinition, data: Record<string, unknown>): TemplateContext => ({
  definition,
  data,
  request: { id: 'r1', reference: 'VP/2026/00007', filerName: 'Jan Novák', state: 'signing' },
  office: { name: 'Krajský úřad Libereckého kraje' },
  userNames: new Map([['6f0c2f6e-0000-4000-8000-000000000001', 'Tomáš Říha']]),
  now: new Date('2026-11-27T10:00:00Z'),
});

describe('document templates', () => {
  it('fills placeholders: data, option labels, Czech dates and money, user names, attachments', () => {
    const c = ctx(contract, { documentType: 'smlouva', amountWithoutVat: 480000, validFrom: '2027-01-01', who: '6f0c2f6e-0000-4000-8000-000000000001', draft: [{ fileId: 'x', name: 'smlouva.pdf' }] });
    expect(fill('{{label:documentType}} za {{money:amountWithoutVat}} od {{date:validFrom}}', c)).toBe('Smlouva za 480 000,00 Kč od 1. 1. 2027');
    expect(fill('{{data.who}} · {{attachments:draft}} · {{request.reference}} · {{office.name}} · {{data.missing}}', c)).toBe('Tomáš Říha · smlouva.pdf · VP/2026/00007 · Krajský úřad Libereckého kraje · ');
    expect(fill('{{row.item}}: {{money:row.price}}', c, { item: 'Servis', price: 1200.5 })).toBe('Servis: 1 200,50 Kč');
  });

  it('lays out the shipped regulation template with a box per signer and leaves out empty optional blocks', async () => {
    const data = { regulationType: 'smernice', title: 'Směrnice o oběhu dokladů', summary: 'Příliš žluťoučký kůň úpěl ďábelské ódy.', number: 'SM/3/2030', effectiveFrom: '2030-01-01' };
    const spec = buildDocumentSpec(SHIPPED_TEMPLATES['internal-regulation/regulation'], ctx(regulation, data), 'regulation', '0b7d3f8e-1111-4222-8333-444455556666');
    expect(spec.title).toBe('Směrnice č. SM/3/2030: Směrnice o oběhu dokladů');
    expect(spec.blocks.map((b) => b.type)).toEqual(['keyValue', 'heading', 'paragraph', 'paragraph', 'signatureSlots']);
    expect(spec.blocks.find((b) => b.type === 'signatureSlots')).toEqual({ type: 'signatureSlots', count: 2, heading: 'Podpisy' });
    const { pdf, signatureSlots } = await renderDocument(spec);
    expect(signatureSlots).toHaveLength(2);
    expect(signatureSlots[0].rect[2]).toBeLessThan(signatureSlots[1].rect[0]);
    const text = spawnSync('pdftotext', ['-', '-'], { input: Buffer.from(pdf), encoding: 'utf8' }).stdout;
    expect(text).toContain('Příliš žluťoučký kůň úpěl ďábelské ódy.');
    expect(text).toContain('Účinnost od');
    expect(text).toContain('1. 1. 2030');
    expect(text).not.toContain('Stanovisko právního oddělení');
  });

  it('counts the signers an agenda asks for on a document, and has a generic layout for agendas without a template', () => {
    expect(signerSlotsFor(contract, 'contract')).toBe(3);
    expect(signerSlotsFor(regulation, 'regulation')).toBe(2);
    const generic = genericTemplate(contract, 'Smlouva', 'contract');
    expect(templateProblems(contract, 'contract', generic)).toEqual([]);
    expect(generic.blocks.at(-1)).toEqual({ type: 'signatures', heading: 'Podpisy' });
    // No signature boxes where the agenda asks nobody to sign (the checker would refuse them).
    const council = findAgendaDefinition('council-material') as AgendaDefinition;
    const unsigned = { ...council, workflow: { ...council.workflow, states: council.workflow.states.map((s) => ({ ...s, onEnter: [] })), transitions: council.workflow.transitions.map((t) => ({ ...t, effects: [] })) } };
    expect(genericTemplate(unsigned, 'Materiál', 'council-material').blocks.map((b) => b.type)).toEqual(['fields']);
    expect(generic.blocks[0]).toMatchObject({ type: 'fields', rows: expect.arrayContaining([{ label: 'Druh', value: '{{label:documentType}}' }]) });
  });

  it('rejects malformed templates with the place of each problem', () => {
    const at = (body: unknown) => templateProblems(contract, 'contract', body).map((p) => `${p.rule} ${p.pointer}`);
    expect(at(null)).toEqual(['TEMPLATE_SHAPE ']);
    expect(at({ title: '', blocks: [{ type: 'chart' }, { type: 'table', field: 'items', columns: [] }, { type: 'spacer', height: 9999 }] })).toEqual([
      'TEMPLATE_SHAPE /title',
      'TEMPLATE_SHAPE /blocks/0',
      'UNKNOWN_FIELD /blocks/1/field',
      'TEMPLATE_SHAPE /blocks/1/columns',
      'TEMPLATE_SHAPE /blocks/2/height',
    ]);
    for (const [key, t] of Object.entries(SHIPPED_TEMPLATES)) {
      const [agenda, document] = key.split('/');
      expect(templateProblems(findAgendaDefinition(agenda) as AgendaDefinition, document, t)).toEqual([]);
    }
  });

  it('refuses a template naming a field, filter or party the agenda does not have, every problem in Czech and English (issue 20)', () => {
    const problems = templateProblems(regulation, 'regulation', {
      title: '{{data.nonexistent}}',
      fileName: 'predpis-{{label:regulationType}}',
      blocks: [
        { type: 'paragraph', text: '{{money:place}} {{money:title}} {{bogus:title}} {{row.x}} {{request.secret}} {{ data.title-x }}' },
        { type: 'heading', text: 'Stanovisko', when: 'opinion' },
        { type: 'table', field: 'title', columns: [{ header: 'X', value: '{{row.x}}' }] },
      ],
    });
    expect(problems.map((p) => `${p.rule} ${p.pointer}`)).toEqual([
      'UNKNOWN_FIELD /title',
      'INVALID_PLACEHOLDER /fileName',
      'UNKNOWN_FIELD /blocks/0/text',
      'WRONG_FILTER /blocks/0/text',
      'UNKNOWN_FILTER /blocks/0/text',
      'UNKNOWN_VARIABLE /blocks/0/text',
      'UNKNOWN_VARIABLE /blocks/0/text',
      'INVALID_PLACEHOLDER /blocks/0/text',
      'UNKNOWN_FIELD /blocks/1/when',
      'NOT_A_TABLE /blocks/2/field',
    ]);
    expect(problems[0].message).toEqual({ cs: 'Formulář agendy nemá pole „nonexistent“ („data.nonexistent“).', en: 'The agenda\'s form has no field "nonexistent" ("data.nonexistent").' });
    // A signature block where nobody is asked to sign is a party the agenda does not have.
    const council = findAgendaDefinition('council-material') as AgendaDefinition;
    const unsigned = { ...council, workflow: { ...council.workflow, states: council.workflow.states.map((s) => ({ ...s, onEnter: [] })), transitions: council.workflow.transitions.map((t) => ({ ...t, effects: [] })) } };
    expect(templateProblems(unsigned, 'council-material', SHIPPED_TEMPLATES['council-material/council-material']).map((p) => p.rule)).toEqual(['NO_SIGNERS']);
  });

  it('finds the system step after signing and supplies the signing date it requires', () => {
    const step = systemStepFrom(contract, 'signing');
    expect(step?.name).toBe('signed');
    expect(signingDateFields(contract, step as NonNullable<typeof step>, {}, new Date('2026-11-27T23:30:00Z'))).toEqual({ signedOn: '2026-11-28' });
    expect(signingDateFields(contract, step as NonNullable<typeof step>, { signedOn: '2026-11-20' })).toEqual({});
    expect(systemStepFrom(regulation, 'signing')?.name).toBe('signed');
    expect(systemStepFrom(regulation, 'draft')).toBeUndefined();
  });
});

describe('who may sign a task', () => {
  const facts = (userId: string, extra: Partial<UserFacts> = {}): UserFacts => ({ userId, departmentId: null, roles: ['employee'], groups: [], grants: [], managerOf: [], principals: [], ...extra });

  it('the named person, a holder of the role, the head of the department — or their deputy, on their behalf', () => {
    const director = facts('d', { roles: ['employee', 'director'] });
    expect(signerAs(director, regulation, { kind: 'role', role: 'director' })).toEqual({});
    expect(signerAs(facts('x'), regulation, { kind: 'role', role: 'director' })).toBeUndefined();
    expect(signerAs(facts('u'), regulation, { kind: 'user', userId: 'u' })).toEqual({});
    expect(signerAs(facts('m', { managerOf: ['dep'] }), regulation, { kind: 'departmentManager', departmentId: 'dep' })).toEqual({});
    const deputy = facts('z', { principals: [director] });
    expect(signerAs(deputy, regulation, { kind: 'role', role: 'director' })).toEqual({ onBehalfOf: 'd' });
    expect(signerAs(deputy, regulation, { kind: 'user', userId: 'u' })).toBeUndefined();
  });
});
