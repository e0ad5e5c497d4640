import { HttpErrorResponse } from '@angular/common/http';
import type { RequestAction, RequestDetail } from '@agendy/shared/contracts';
import { RequestEditor } from './request-editor';

const save: RequestAction = {
  kind: 'transition', name: 'save', label: { cs: 'Uložit', en: 'Save' }, to: 'draft', commentRequired: false,
  editableFields: ['type', 'note'], requiredFields: [], style: null, enabled: true, disabledReason: null,
};
const detail = (version: number, data: Record<string, unknown>) =>
  ({ id: 'r1', reference: 'NEP/2026/00001', version, data, state: { id: 'draft', label: { cs: 'R', en: 'D' } }, availableTransitions: [save] }) as unknown as RequestDetail;

function problem(status: number, code: string, errors?: unknown[]) {
  return new HttpErrorResponse({ status, error: { type: 'about:blank', title: code, status, code, errors } });
}

describe('RequestEditor (autosave)', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  function setup() {
    const requests = { create: jest.fn(), patch: jest.fn() };
    const onStale = jest.fn();
    const onCreated = jest.fn();
    const editor = new RequestEditor({ requests, agenda: 'leave-request', describe: (e) => String((e as HttpErrorResponse).status), onStale, onCreated, debounceMs: 500 });
    return { requests, editor, onStale, onCreated };
  }

  it('creates the draft on the first change, then patches only what changed with expectedVersion', async () => {
    const { requests, editor, onCreated } = setup();
    requests.create.mockResolvedValue(detail(1, { type: 'dovolena' }));
    editor.change({ type: 'dovolena', note: '' });
    expect(editor.status()).toBe('pending');
    await jest.advanceTimersByTimeAsync(500);
    expect(requests.create).toHaveBeenCalledWith({ agenda: 'leave-request', data: { type: 'dovolena' } });
    expect(onCreated).toHaveBeenCalled();
    expect(editor.status()).toBe('saved');

    requests.patch.mockResolvedValue(detail(2, { type: 'dovolena', note: 'Hory' }));
    editor.change({ type: 'dovolena', note: 'Hor' });
    editor.change({ type: 'dovolena', note: 'Hory' });
    await jest.advanceTimersByTimeAsync(500);
    expect(requests.patch).toHaveBeenCalledTimes(1);
    expect(requests.patch).toHaveBeenCalledWith('r1', { data: { note: 'Hory' }, expectedVersion: 1 });
    expect(editor.request()?.version).toBe(2);
  });

  it('saves nothing more once stopped (the step was taken), until the next load', async () => {
    const { requests, editor } = setup();
    editor.load(detail(3, { note: 'a' }));
    editor.change({ note: 'b' });
    editor.stop();
    editor.change({ note: 'c' });
    await jest.advanceTimersByTimeAsync(2_000);
    expect(requests.patch).not.toHaveBeenCalled();
    editor.load(detail(4, { note: 'a' }));
    requests.patch.mockResolvedValue(detail(5, { note: 'd' }));
    editor.change({ note: 'd' });
    await jest.advanceTimersByTimeAsync(500);
    expect(requests.patch).toHaveBeenCalledWith('r1', { data: { note: 'd' }, expectedVersion: 4 });
  });

  it('never sends a picked file before its upload is stored, and waits for it instead of saying "saved"', async () => {
    const { requests, editor } = setup();
    editor.load(detail(3, { note: 'a' }));
    const stored = { fileId: '6f1c2f9e-3b7a-4e54-9a59-0e3c5d1f2a10', name: 'doklad.pdf' };
    // The form shows the picked file at once under a placeholder: nothing is saved meanwhile.
    editor.change({ note: 'b', type: [{ fileId: 'local-1', name: 'doklad.pdf' }] } as never);
    await jest.advanceTimersByTimeAsync(2_000);
    expect(requests.patch).not.toHaveBeenCalled();
    expect(editor.status()).toBe('pending');
    // A save forced meanwhile (a step) carries the typed text but not the placeholder.
    requests.patch.mockResolvedValue(detail(4, { note: 'b' }));
    await editor.flush();
    expect(requests.patch).toHaveBeenLastCalledWith('r1', { data: { note: 'b' }, expectedVersion: 3 });
    // The upload arrives: the stored file is saved.
    requests.patch.mockResolvedValue(detail(5, { note: 'b', type: [stored] }));
    editor.change({ note: 'b', type: [stored] } as never);
    await jest.advanceTimersByTimeAsync(500);
    expect(requests.patch).toHaveBeenLastCalledWith('r1', { data: { type: [stored] }, expectedVersion: 4 });
    expect(editor.status()).toBe('saved');
  });

  it('keeps the server’s field errors and reports them as "invalid"', async () => {
    const { requests, editor } = setup();
    editor.load(detail(3, {}));
    requests.patch.mockRejectedValue(problem(400, 'VALIDATION_FAILED', [{ pointer: '/note', rule: 'maxLength', message: { cs: 'moc', en: 'too' } }]));
    expect(await editor.flush({ note: 'x'.repeat(2000) })).toBe(false);
    expect(editor.status()).toBe('invalid');
    expect(editor.fieldErrors()).toEqual([{ pointer: '/note', keyword: 'maxLength', message: { cs: 'moc', en: 'too' } }]);
  });

  it('hands a 409 STALE to the page', async () => {
    const { requests, editor, onStale } = setup();
    editor.load(detail(3, {}));
    requests.patch.mockRejectedValue(problem(409, 'STALE'));
    expect(await editor.flush({ note: 'x' })).toBe(false);
    expect(onStale).toHaveBeenCalled();
    expect(editor.status()).toBe('failed');
  });

  it('does not save without a save step', () => {
    const { requests, editor } = setup();
    editor.load({ ...detail(1, {}), availableTransitions: [] } as RequestDetail);
    editor.change({ note: 'x' });
    expect(editor.status()).toBe('idle');
    expect(requests.patch).not.toHaveBeenCalled();
  });
});
