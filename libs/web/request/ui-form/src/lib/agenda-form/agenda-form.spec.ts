import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import type { AgendaFormSpec, AttachmentSelection, FormFieldError, FormValidity, FormValue } from '../model/form-spec';
import { AgendaForm } from './agenda-form';

/**
 * The renderer is tested against the agendas the office actually ships. They are read from
 * disk rather than imported, because a `type:ui` library may not depend on the definitions.
 */
function shippedForm(code: string): AgendaFormSpec {
  const file = join(__dirname, '../../../../../../workflow/agendas/src/definitions', `${code}.agenda.json`);
  return JSON.parse(readFileSync(file, 'utf8')).form as AgendaFormSpec;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function render(
  code: string,
  inputs: Record<string, unknown> = {},
): Promise<{ fixture: ComponentFixture<AgendaForm>; el: HTMLElement }> {
  const fixture = TestBed.createComponent(AgendaForm);
  fixture.componentRef.setInput('form', shippedForm(code));
  fixture.componentRef.setInput('debounceMs', 5);
  for (const [name, value] of Object.entries(inputs)) fixture.componentRef.setInput(name, value);
  await fixture.whenStable();
  return { fixture, el: fixture.nativeElement as HTMLElement };
}

function byLabel(el: HTMLElement, text: string): HTMLInputElement {
  const label = Array.from(el.querySelectorAll('label')).find((l) => l.textContent?.replace('*', '').trim() === text);
  if (!label) throw new Error(`No label "${text}"`);
  const control = el.querySelector<HTMLInputElement>(`[id="${label.htmlFor}"]`);
  if (!control) throw new Error(`Label "${text}" is bound to nothing`);
  return control;
}

function typeInto(control: HTMLInputElement | HTMLTextAreaElement, text: string): void {
  control.dispatchEvent(new Event('focus'));
  control.value = text;
  control.dispatchEvent(new Event('input'));
}

function leave(control: HTMLElement): void {
  control.dispatchEvent(new Event('blur'));
}

function choose(select: HTMLSelectElement, optionText: string): void {
  const option = Array.from(select.options).find((o) => o.textContent?.trim() === optionText);
  if (!option) throw new Error(`No option "${optionText}"`);
  select.value = option.value;
  select.dispatchEvent(new Event('change'));
}

function sectionTitles(el: HTMLElement): string[] {
  return Array.from(el.querySelectorAll('section h2')).map((h) => h.textContent?.trim() ?? '');
}

function buttonByText(el: HTMLElement, text: string): HTMLButtonElement {
  const button = Array.from(el.querySelectorAll('button')).find((b) => b.textContent?.replace(/[+✕]/g, '').trim() === text);
  if (!button) throw new Error(`No button "${text}"`);
  return button;
}

describe('AgendaForm', () => {
  describe('the grant application', () => {
    it('renders its sections in order and leaves out the empty fields of later steps', async () => {
      const { el } = await render('grant-application');
      expect(sectionTitles(el)).toEqual(['Dotační program', 'Žadatel', 'Projekt', 'Rozpočet projektu', 'Povinné přílohy', 'Závěrečné vyúčtování']);
      expect(el.textContent).not.toContain('Číslo smlouvy'); // contractNumber: read-only, filled in later
      expect(byLabel(el, 'Název žadatele').tagName).toBe('INPUT');
    });

    it('marks required fields visually and with aria-required, optional ones not', async () => {
      const { el } = await render('grant-application');
      const name = byLabel(el, 'Název žadatele');
      expect(name.getAttribute('aria-required')).toBe('true');
      expect(el.querySelector(`label[for="${name.id}"] .ag-required`)?.textContent).toBe('*');
      const phone = byLabel(el, 'Telefon');
      expect(phone.hasAttribute('aria-required')).toBe(false);
      expect(el.querySelector(`label[for="${phone.id}"] .ag-required`)).toBeNull();
    });

    it('shows the programme as a choice with the labels of the definition', async () => {
      const { fixture, el } = await render('grant-application');
      const select = byLabel(el, 'Dotační program') as unknown as HTMLSelectElement;
      expect(select.tagName).toBe('SELECT');
      choose(select, '5.1 Sportovní akce a reprezentace kraje');
      await fixture.whenStable();
      expect(fixture.componentInstance.currentValue()['programme']).toBe('5.1-sport');
    });

    it('adds and removes budget lines and keeps the total live', async () => {
      const { fixture, el } = await render('grant-application');
      const total = () => el.querySelector('[data-total="amount"]')?.textContent?.trim();
      buttonByText(el, 'Přidat řádek').click();
      await fixture.whenStable();
      buttonByText(el, 'Přidat řádek').click();
      await fixture.whenStable();
      expect(el.querySelectorAll('.ag-row')).toHaveLength(2);
      expect(document.activeElement?.id).toMatch(/-budget-1-item$/); // focus moves into the new row

      const amounts = Array.from(el.querySelectorAll<HTMLInputElement>('.ag-row input[inputmode="numeric"]'));
      typeInto(amounts[0], '120 000');
      typeInto(amounts[1], '30000');
      await fixture.whenStable();
      expect(total()).toBe('Celkem Částka (Kč): 150 000\u00a0Kč');

      buttonByText(el, 'Odebrat řádek 1').click();
      await fixture.whenStable();
      expect(el.querySelectorAll('.ag-row')).toHaveLength(1);
      expect(total()).toBe('Celkem Částka (Kč): 30 000\u00a0Kč');
      expect(fixture.componentInstance.currentValue()['budget']).toEqual([{ amount: 30000 }]);
    });

    it('labels every cell of a budget line with its column', async () => {
      const { fixture, el } = await render('grant-application', {
        value: { budget: [{ item: 'Pronájem sálu', category: 'sluzby', amount: 5000 }] },
      });
      await fixture.whenStable();
      const item = byLabel(el, 'Položka');
      expect(item.value).toBe('Pronájem sálu');
      expect(item.closest('fieldset')?.querySelector('legend')?.textContent?.trim()).toBe('Řádek 1');
      expect(byLabel(el, 'Částka (Kč)').value).toBe('5 000');
    });

    it('formats an amount in CZK when the field is left and keeps the number in the data', async () => {
      const { fixture, el } = await render('grant-application');
      const requested = byLabel(el, 'Požadovaná dotace (Kč)');
      typeInto(requested, '1234567');
      await fixture.whenStable();
      expect(requested.value).toBe('1234567'); // not reformatted while typing
      leave(requested);
      await fixture.whenStable();
      expect(requested.value).toBe('1 234 567');
      expect(fixture.componentInstance.currentValue()['requestedAmount']).toBe(1234567);
    });
  });

  describe('conditional parts', () => {
    it('shows the doctor section of a leave request only for a doctor visit and drops its data otherwise', async () => {
      const { fixture, el } = await render('leave-request');
      expect(sectionTitles(el)).not.toContain('Návštěva lékaře');
      const doctor = el.querySelector<HTMLInputElement>('input[type="radio"] + label')?.closest('fieldset');
      const lekar = Array.from(doctor?.querySelectorAll('label') ?? []).find((l) => l.textContent?.includes('lékař'));
      (el.querySelector(`[id="${lekar?.htmlFor}"]`) as HTMLInputElement).click();
      await fixture.whenStable();
      expect(sectionTitles(el)).toContain('Návštěva lékaře');
      const timeFrom = el.querySelector<HTMLInputElement>('section[data-section="doctor"] input[type="time"]');
      expect(timeFrom?.getAttribute('aria-required')).toBe('true'); // required only for a doctor visit
      typeInto(timeFrom as HTMLInputElement, '09:00');
      await fixture.whenStable();
      expect(fixture.componentInstance.currentValue()['timeFrom']).toBe('09:00');

      const vacation = Array.from(doctor?.querySelectorAll('label') ?? []).find((l) => l.textContent?.trim() === 'Dovolená');
      (el.querySelector(`[id="${vacation?.htmlFor}"]`) as HTMLInputElement).click();
      await fixture.whenStable();
      expect(sectionTitles(el)).not.toContain('Návštěva lékaře');
      expect(fixture.componentInstance.currentValue()).toEqual({ type: 'dovolena' });
    });

    it('hides a field whose visibleIf fails (training location for an online course)', async () => {
      const { fixture, el } = await render('training-request', { value: { format: 'prezencni' } });
      expect(() => byLabel(el, 'Místo konání')).not.toThrow();
      fixture.componentRef.setInput('value', { format: 'online' });
      await fixture.whenStable();
      expect(() => byLabel(el, 'Místo konání')).toThrow();
    });
  });

  describe('errors', () => {
    const icoError: FormFieldError = {
      pointer: '/applicantIco',
      keyword: 'format',
      message: { cs: '„IČO žadatele“: musí být platné IČO', en: '"Applicant IČO": must be a valid IČO' },
    };

    it('shows a server error at its field, bound with aria-describedby, until the field is edited', async () => {
      const { fixture, el } = await render('grant-application', { errors: [icoError] });
      const ico = byLabel(el, 'IČO');
      expect(ico.getAttribute('aria-invalid')).toBe('true');
      const describedBy = ico.getAttribute('aria-describedby')?.split(' ') ?? [];
      const messages = describedBy.map((id) => el.querySelector(`[id="${id}"]`)?.textContent ?? '').join(' ');
      expect(messages).toContain('musí být platné IČO');
      expect(byLabel(el, 'Název žadatele').hasAttribute('aria-invalid')).toBe(false);

      typeInto(ico, '00000001');
      await fixture.whenStable();
      expect(ico.hasAttribute('aria-invalid')).toBe(false);
    });

    it('shows client errors after the field is left, and all of them in a summary on submit', async () => {
      const validate = (value: FormValue): FormFieldError[] =>
        value['applicantName'] ? [] : [{ pointer: '/applicantName', message: { cs: '„Název žadatele“: je povinný údaj', en: 'required' } }];
      const { fixture, el } = await render('grant-application', { validate });
      const name = byLabel(el, 'Název žadatele');
      expect(name.hasAttribute('aria-invalid')).toBe(false); // not before the person got there
      leave(name);
      await fixture.whenStable();
      expect(name.getAttribute('aria-invalid')).toBe('true');
      expect(el.querySelector(`[id="${name.id}-error"]`)?.textContent).toContain('je povinný údaj');

      expect(el.querySelector('.ag-summary')).toBeNull();
      const validity = fixture.componentInstance.revealErrors();
      await fixture.whenStable();
      expect(validity.valid).toBe(false);
      const link = el.querySelector<HTMLAnchorElement>('.ag-summary a');
      expect(link?.textContent).toContain('Název žadatele');
      link?.click();
      expect(document.activeElement).toBe(name);

      typeInto(name, 'Spolek Ještěd');
      await fixture.whenStable();
      expect(el.querySelector('.ag-summary')).toBeNull();
    });

    it('puts an error of a budget line cell at that cell', async () => {
      const error: FormFieldError = { pointer: '/budget/1/amount', message: { cs: 'řádek 2: musí být alespoň 1', en: 'x' } };
      const { el } = await render('grant-application', {
        value: { budget: [{ item: 'A', category: 'osobni', amount: 5 }, { item: 'B', category: 'osobni', amount: 0 }] },
        errors: [error],
      });
      const invalid = Array.from(el.querySelectorAll('[aria-invalid="true"]'));
      expect(invalid).toHaveLength(1);
      expect(invalid[0].closest('fieldset')?.querySelector('legend')?.textContent?.trim()).toBe('Řádek 2');
    });
  });

  describe('outputs and step rules', () => {
    it('emits the value debounced and the validity whenever it changes', async () => {
      const validate = (value: FormValue): FormFieldError[] =>
        value['courseTitle'] ? [] : [{ pointer: '/courseTitle', message: { cs: 'povinné', en: 'required' } }];
      const { fixture, el } = await render('training-request', { validate, debounceMs: 150 });
      const values: FormValue[] = [];
      const validities: FormValidity[] = [];
      fixture.componentInstance.valueChange.subscribe((v) => values.push(v));
      fixture.componentInstance.validityChange.subscribe((v) => validities.push(v));
      const title = byLabel(el, 'Název akce');
      typeInto(title, 'Ex');
      await fixture.whenStable();
      typeInto(title, 'Excel pro pokročilé');
      await fixture.whenStable();
      expect(values).toHaveLength(0); // still within the debounce
      await sleep(300);
      expect(values).toEqual([{ courseTitle: 'Excel pro pokročilé' }]); // once, with the last value
      expect(validities.at(-1)).toEqual({ valid: true, errors: [] });
    });

    it('does not report the same data again when only its inputs are replaced by equal ones', async () => {
      // After each autosave the page hands in a new editable-field list and the echo of the saved
      // data: reporting that as a change would start the next save, and so on forever.
      const { fixture, el } = await render('training-request', { editableFields: ['courseTitle', 'provider'] });
      const values: FormValue[] = [];
      fixture.componentInstance.valueChange.subscribe((v) => values.push(v));
      typeInto(byLabel(el, 'Název akce'), 'Excel');
      await fixture.whenStable();
      await sleep(30);
      expect(values).toEqual([{ courseTitle: 'Excel' }]);
      fixture.componentRef.setInput('editableFields', ['courseTitle', 'provider']);
      fixture.componentRef.setInput('value', { courseTitle: 'Excel' });
      await fixture.whenStable();
      await sleep(30);
      expect(values).toHaveLength(1);
      typeInto(byLabel(el, 'Název akce'), 'Excel 2');
      await fixture.whenStable();
      await sleep(30);
      expect(values.at(-1)).toEqual({ courseTitle: 'Excel 2' });
    });

    it('shows fields outside the step editable list read-only', async () => {
      const { el } = await render('leave-request', {
        value: { type: 'dovolena', dateFrom: '2026-12-21', dateTo: '2026-12-23' },
        editableFields: ['note'],
      });
      const from = byLabel(el, 'Od');
      expect(from.readOnly).toBe(true);
      expect(from.value).toBe('2026-12-21');
      expect(byLabel(el, 'Poznámka').readOnly).toBe(false);
    });

    it('speaks English when asked', async () => {
      const { el } = await render('grant-application', { lang: 'en' });
      expect(sectionTitles(el)[1]).toBe('Applicant');
      expect(buttonByText(el, 'Add row')).toBeTruthy();
    });

    it('records a chosen attachment, shows its name and reports the files', async () => {
      const { fixture, el } = await render('grant-application');
      const selections: AttachmentSelection[] = [];
      fixture.componentInstance.attachmentsSelected.subscribe((s) => selections.push(s));
      const picker = el.querySelector<HTMLInputElement>('input[type="file"]') as HTMLInputElement;
      const file = new File(['%PDF'], 'cestne-prohlaseni.pdf', { type: 'application/pdf' });
      Object.defineProperty(picker, 'files', { value: [file], configurable: true });
      picker.dispatchEvent(new Event('change'));
      await fixture.whenStable();
      expect(el.querySelector('.ag-file__name')?.textContent).toBe('cestne-prohlaseni.pdf');
      expect(selections).toEqual([{ field: 'attachments', pointer: '/attachments', files: [file] }]);
      expect(fixture.componentInstance.currentValue()['attachments']).toEqual([
        expect.objectContaining({ name: 'cestne-prohlaseni.pdf', mediaType: 'application/pdf', size: 4 }),
      ]);
    });
  });
});
