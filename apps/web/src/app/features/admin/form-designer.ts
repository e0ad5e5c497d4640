import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { AgendaForm, type AgendaFormSpec } from '@agendy/web/request/ui-form';
import type { AgendaDefinition } from '@agendy/workflow/engine';
import type { TranslationKey } from '../../core/i18n/dictionary';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { TranslationService } from '../../core/i18n/translation.service';
import { ConditionBuilder } from './condition-builder';
import { DesignerStore } from './designer-store';
import {
  FIELD_KINDS,
  FIELD_NAME,
  addField,
  changeKind,
  columnsOf,
  isRequired,
  kindOf,
  moveField,
  moveToSection,
  optionsText,
  properties,
  removeField,
  setColumns,
  setConstraint,
  setOptionsFromText,
  setRequired,
  type ColumnDraft,
  type FieldKind,
} from './model/field-kinds';

/**
 * The form designer: sections and their fields in order, each field's kind, labels and help in
 * Czech and English, checks and visibility; beside it the live preview rendered by the same
 * `<ag-agenda-form>` the filing page uses, and the JSON Schema as text.
 */
@Component({
  selector: 'ag-form-designer',
  imports: [FormsModule, MatButtonModule, TranslatePipe, AgendaForm, ConditionBuilder],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styleUrl: './admin-pages.scss',
  templateUrl: './form-designer.html',
})
export class FormDesigner {
  protected readonly store = inject(DesignerStore);
  private readonly i18n = inject(TranslationService);
  protected readonly lang = this.i18n.lang;
  protected readonly kinds = FIELD_KINDS;
  protected readonly d = computed(() => this.store.definition() as AgendaDefinition);
  protected readonly preview = computed<AgendaFormSpec>(() => this.d().form as unknown as AgendaFormSpec);
  protected readonly selected = signal<string | null>(null);
  protected readonly previewData = signal<Record<string, unknown>>({});

  protected newKind: FieldKind = 'text';
  protected newName = '';
  protected newLabelCs = '';
  protected newLabelEn = '';
  protected newSection = '';
  protected newSectionCs = '';
  protected readonly addError = signal<TranslationKey | null>(null);

  /** The schema as text; edits are applied when they parse. */
  protected readonly schemaText = computed(() => JSON.stringify(this.d().form.schema, null, 2));
  protected readonly schemaError = signal<string | null>(null);
  /** While the administrator types, the text is not re-rendered from the definition (the caret would jump). */
  protected readonly schemaEditing = signal(false);
  protected readonly frozenSchema = signal('');

  protected kindOf(name: string): FieldKind {
    return kindOf(this.d(), name);
  }

  protected kindKey(kind: FieldKind): TranslationKey {
    return `admin.kind.${kind}` as TranslationKey;
  }

  protected required(name: string): boolean {
    return isRequired(this.d(), name);
  }

  protected schemaOf(name: string): Record<string, unknown> {
    return properties(this.d())[name] ?? {};
  }

  protected num(name: string, keyword: string): string {
    const v = this.schemaOf(name)[keyword];
    return v === undefined ? '' : String(v);
  }

  protected options(name: string): string {
    return optionsText(this.d(), name);
  }

  protected columns(name: string): ColumnDraft[] {
    return columnsOf(this.d(), name);
  }

  protected fieldErrors(name: string): string[] {
    return (this.store.located().fields.get(name) ?? []).map((e) => e.message[this.lang()]);
  }

  protected add(): void {
    const name = this.newName.trim();
    const d = this.d();
    if (!FIELD_NAME.test(name)) return this.addError.set('admin.form.badName');
    if (name in properties(d) || `${name}From` in properties(d)) return this.addError.set('admin.form.nameTaken');
    if (!this.newLabelCs.trim()) return this.addError.set('admin.form.labelNeeded');
    this.addError.set(null);
    const label = { cs: this.newLabelCs.trim(), en: this.newLabelEn.trim() || this.newLabelCs.trim() };
    const section = this.newSection || d.form.ui.sections[0]?.id;
    this.store.update((x) => addField(x, this.newKind, name, label, section));
    this.selected.set(this.newKind === 'dateRange' ? `${name}From` : name);
    this.newName = '';
    this.newLabelCs = '';
    this.newLabelEn = '';
  }

  protected addSection(): void {
    const title = this.newSectionCs.trim();
    if (!title) return;
    const id = `section${this.d().form.ui.sections.length + 1}`;
    this.store.update((x) => x.form.ui.sections.push({ id, title: { cs: title, en: title }, fields: [] }));
    this.newSectionCs = '';
  }

  protected remove(name: string): void {
    this.store.update((x) => removeField(x, name));
    this.selected.set(null);
  }

  protected move(name: string, delta: -1 | 1): void {
    this.store.update((x) => moveField(x, name, delta));
  }

  protected toSection(name: string, section: string): void {
    this.store.update((x) => moveToSection(x, name, section));
  }

  protected setKind(name: string, kind: FieldKind): void {
    if (kind === 'dateRange') return;
    this.store.update((x) => changeKind(x, name, kind));
  }

  protected setLabel(name: string, lang: 'cs' | 'en', value: string): void {
    this.store.update((x) => (x.form.ui.fields[name].label = { ...x.form.ui.fields[name].label, [lang]: value }));
  }

  protected setHelp(name: string, lang: 'cs' | 'en', value: string): void {
    this.store.update((x) => {
      const ui = x.form.ui.fields[name];
      const help = { cs: ui.help?.cs ?? '', en: ui.help?.en ?? '', [lang]: value };
      if (!help.cs && !help.en) delete ui.help;
      else ui.help = help;
    });
  }

  protected setRequired(name: string, value: boolean): void {
    this.store.update((x) => setRequired(x, name, value));
  }

  protected setNumber(name: string, keyword: string, text: string): void {
    const n = text.trim() === '' ? null : Number(text.replace(',', '.'));
    if (n !== null && !Number.isFinite(n)) return;
    this.store.update((x) => setConstraint(x, name, keyword, n));
  }

  protected setPattern(name: string, text: string): void {
    this.store.update((x) => setConstraint(x, name, 'pattern', text || null));
  }

  protected setOptions(name: string, text: string): void {
    this.store.update((x) => setOptionsFromText(x, name, text));
  }

  protected setVisibleIf(name: string, logic: unknown): void {
    this.store.update((x) => {
      if (logic === null) delete x.form.ui.fields[name].visibleIf;
      else x.form.ui.fields[name].visibleIf = logic as never;
    });
  }

  protected setColumn(name: string, index: number, patch: Partial<ColumnDraft>): void {
    const cols = this.columns(name).map((c, i) => (i === index ? { ...c, ...patch, label: { ...c.label, ...(patch.label ?? {}) } } : c));
    this.store.update((x) => setColumns(x, name, cols));
  }

  protected addColumn(name: string): void {
    const cols = this.columns(name);
    this.store.update((x) => setColumns(x, name, [...cols, { name: `col${cols.length + 1}`, label: { cs: 'Sloupec', en: 'Column' }, kind: 'text' }]));
  }

  protected removeColumn(name: string, index: number): void {
    this.store.update((x) => setColumns(x, name, this.columns(name).filter((_, i) => i !== index)));
  }

  protected editSchema(text: string): void {
    try {
      const schema = JSON.parse(text) as Record<string, unknown>;
      if (!schema || typeof schema !== 'object' || Array.isArray(schema)) throw new Error(this.i18n.t('admin.json.notObject'));
      this.schemaError.set(null);
      this.store.update((x) => (x.form.schema = schema));
    } catch (e) {
      this.schemaError.set(e instanceof Error ? e.message : String(e));
    }
  }
}
