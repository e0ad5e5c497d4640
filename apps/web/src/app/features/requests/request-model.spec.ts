import { HttpErrorResponse } from '@angular/common/http';
import type { RequestAction, RequestDetail } from '@agendy/shared/contracts';
import { dataDiff, editableFieldsOf, filledData, hasPendingFiles, serverFieldErrors, stepActions, submitAction, withoutPendingFiles } from './request-model';

const action = (name: string, to: string | null, extra: Partial<RequestAction> = {}): RequestAction => ({
  kind: 'transition',
  name,
  label: { cs: name, en: name },
  to,
  commentRequired: false,
  editableFields: [],
  requiredFields: [],
  style: null,
  enabled: true,
  disabledReason: null,
  ...extra,
});

const draft = (actions: RequestAction[]) =>
  ({ id: 'r1', version: 1, state: { id: 'draft', label: { cs: 'Rozpracováno', en: 'Draft' } }, availableTransitions: actions, data: {} }) as unknown as RequestDetail;

describe('request model', () => {
  const save = action('save', 'draft', { editableFields: ['type', 'dateFrom'] });
  const submit = action('submit', 'approval', { style: 'primary', editableFields: ['type', 'dateFrom'] });
  const cancel = action('cancel', 'cancelled', { style: 'secondary' });

  it('hides the self-loop save step from the buttons and takes its fields as editable', () => {
    const request = draft([save, submit, cancel]);
    expect(stepActions(request).map((a) => a.name)).toEqual(['submit', 'cancel']);
    expect(editableFieldsOf(request)).toEqual(['type', 'dateFrom']);
    expect(submitAction(request)?.name).toBe('submit');
  });

  it('without a save step the steps’ fields are editable (sent with the step)', () => {
    const request = draft([action('approve', 'approved', { editableFields: ['approvedAmount'] }), action('return', 'draft2')]);
    expect(editableFieldsOf(request)).toEqual(['approvedAmount']);
    expect(stepActions(request)).toHaveLength(2);
  });

  it('diffs the data: changed values, null for removed ones, only editable fields', () => {
    const saved = { type: 'lekar', timeFrom: '09:00', note: 'x', approvedAt: '2026' };
    const current = { type: 'dovolena', note: 'x', approvedAt: 'changed' };
    expect(dataDiff(saved, current, ['type', 'timeFrom', 'note'])).toEqual({ type: 'dovolena', timeFrom: null });
    expect(dataDiff(saved, saved, ['*'])).toEqual({});
    // The server's jsonb reorders object keys: the same budget row and attachment are no change.
    const fromServer = { budget: [{ item: 'Hala', amount: 120000, category: 'sluzby' }], attachments: [{ name: 'a.png', size: 70, fileId: 'f1', mediaType: 'image/png' }] };
    const inForm = { budget: [{ item: 'Hala', category: 'sluzby', amount: 120000 }], attachments: [{ fileId: 'f1', name: 'a.png', mediaType: 'image/png', size: 70 }] };
    expect(dataDiff(fromServer, inForm, ['*'])).toEqual({});
    expect(dataDiff(fromServer, { ...inForm, budget: [{ item: 'Hala', category: 'sluzby', amount: 100000 }] }, ['*'])).toEqual({ budget: [{ item: 'Hala', category: 'sluzby', amount: 100000 }] });
    expect(filledData({ a: '', b: 'x', c: [], d: 0 }, ['b', 'c', 'd'])).toEqual({ b: 'x', d: 0 });
  });

  it('maps VALIDATION_FAILED errors to form errors (also under /data)', () => {
    const error = new HttpErrorResponse({
      status: 400,
      error: {
        type: 'about:blank', title: 'x', status: 400, code: 'VALIDATION_FAILED',
        errors: [
          { pointer: '/dateTo', rule: 'rule', message: { cs: 'nesmí předcházet datu začátku', en: 'must not precede' } },
          { pointer: '/data/note', rule: 'maxLength', message: { cs: 'moc dlouhé', en: 'too long' } },
          { pointer: '', rule: 'x', message: { cs: 'celé', en: 'whole' } },
        ],
      },
    });
    expect(serverFieldErrors(error)).toEqual([
      { pointer: '/dateTo', keyword: 'rule', message: { cs: 'nesmí předcházet datu začátku', en: 'must not precede' } },
      { pointer: '/note', keyword: 'maxLength', message: { cs: 'moc dlouhé', en: 'too long' } },
    ]);
    expect(serverFieldErrors(new HttpErrorResponse({ status: 409, error: { type: 'x', title: 'x', status: 409, code: 'STALE' } }))).toEqual([]);
  });
});

describe('files picked but not stored yet', () => {
  it('are never sent: placeholders leave lists, single fields and table cells; stored files stay', () => {
    const stored = { fileId: '6f1c2f9e-3b7a-4e54-9a59-0e3c5d1f2a10', name: 'rozpocet.pdf' };
    expect(
      withoutPendingFiles({
        title: 'local-1 is just text',
        attachments: [{ fileId: 'local-1', name: 'a.pdf' }, stored],
        cover: { fileId: 'local-2', name: 'b.png' },
        budget: [{ item: 'x', invoice: { fileId: 'local-3', name: 'c.pdf' } }],
      }),
    ).toEqual({ title: 'local-1 is just text', attachments: [stored], budget: [{ item: 'x' }] });
    expect(hasPendingFiles({ budget: [{ invoice: { fileId: 'local-3', name: 'c.pdf' } }] })).toBe(true);
    expect(hasPendingFiles({ title: 'local-1', attachments: [stored] })).toBe(false);
  });
});

describe('history of a request', () => {
  it('shows a run of autosaves by one person as one entry', async () => {
    const { collapseSaves } = await import('./request-detail.page');
    const actor = { id: 'u1', displayName: 'Jan Novák' };
    const base = { version: 1, transitionLabel: null, onBehalfOf: null, comment: null, vote: null, actor };
    const items = [
      { ...base, id: '1', at: 't1', kind: 'created', transition: null, from: null, to: 'draft', changedFields: [] },
      { ...base, id: '2', at: 't2', kind: 'transition', transition: 'save', from: 'draft', to: 'draft', changedFields: ['type'] },
      { ...base, id: '3', at: 't3', kind: 'transition', transition: 'save', from: 'draft', to: 'draft', changedFields: ['dateFrom', 'type'] },
      { ...base, id: '4', at: 't4', kind: 'transition', transition: 'submit', from: 'draft', to: 'approval', changedFields: [] },
    ] as const;
    const entries = collapseSaves(items.map((i) => ({ ...i, changedFields: [...i.changedFields] })));
    expect(entries.map((e) => [e.id, e.times])).toEqual([['1', 1], ['3', 2], ['4', 1]]);
    expect(entries[1].changedFields).toEqual(['type', 'dateFrom']);
  });
});
