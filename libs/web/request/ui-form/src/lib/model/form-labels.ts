import type { FormLang } from './form-spec';

/**
 * The renderer's own UI strings (it cannot reach the app's dictionary). Placeholders: `{n}`, `{name}`.
 * A caller may override any of them through the `labels` input.
 */
export const FORM_LABELS = {
  cs: {
    requiredNote: 'Povinné údaje jsou označeny hvězdičkou (*).',
    requiredMark: 'povinné',
    summaryHeading: 'Formulář obsahuje chyby',
    summaryIntro: 'Opravte prosím tyto údaje:',
    summaryCount: 'Počet chyb: {n}.',
    formLevelError: 'Formulář',
    selectPrompt: '— vyberte —',
    yes: 'Ano',
    no: 'Ne',
    notFilled: 'nevyplněno',
    row: 'Řádek {n}',
    addRow: 'Přidat řádek',
    removeRow: 'Odebrat řádek {n}',
    rowAdded: 'Přidán řádek {n}.',
    rowRemoved: 'Řádek {n} byl odebrán.',
    noRows: 'Zatím žádné řádky.',
    total: 'Celkem',
    totalOf: 'Celkem {name}: {value}',
    chooseFiles: 'Vybrat soubory',
    chooseFile: 'Vybrat soubor',
    noFiles: 'Žádný soubor nevybrán.',
    removeFile: 'Odebrat soubor {name}',
    fileAdded: 'Vybrán soubor {name}.',
    fileRemoved: 'Soubor {name} byl odebrán.',
    listHint: 'Více hodnot oddělte čárkou.',
    readonlyNote: 'Doplní se v průběhu vyřizování.',
  },
  en: {
    requiredNote: 'Required fields are marked with an asterisk (*).',
    requiredMark: 'required',
    summaryHeading: 'The form contains errors',
    summaryIntro: 'Please correct the following:',
    summaryCount: 'Number of errors: {n}.',
    formLevelError: 'Form',
    selectPrompt: '— choose —',
    yes: 'Yes',
    no: 'No',
    notFilled: 'not filled in',
    row: 'Row {n}',
    addRow: 'Add row',
    removeRow: 'Remove row {n}',
    rowAdded: 'Row {n} added.',
    rowRemoved: 'Row {n} removed.',
    noRows: 'No rows yet.',
    total: 'Total',
    totalOf: 'Total {name}: {value}',
    chooseFiles: 'Choose files',
    chooseFile: 'Choose a file',
    noFiles: 'No file chosen.',
    removeFile: 'Remove file {name}',
    fileAdded: 'File {name} chosen.',
    fileRemoved: 'File {name} removed.',
    listHint: 'Separate several values with commas.',
    readonlyNote: 'Filled in while the request is processed.',
  },
} as const satisfies Record<FormLang, Record<string, string>>;

export type FormLabelKey = keyof (typeof FORM_LABELS)['cs'];
export type FormLabels = Record<FormLabelKey, string>;

export function fillLabel(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
}
