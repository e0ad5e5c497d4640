import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import type { AgendaDefinition } from '@agendy/workflow/engine';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { TranslationService } from '../../core/i18n/translation.service';
import { DesignerStore } from './designer-store';
import { GrantsPanel } from './grants-panel';
import { TemplateEditor } from './template-editor';

const CODE = /^[a-z][a-z0-9-]*$/;

/** The agenda's basics, its own roles mapped to directory groups, and its document templates. */
@Component({
  selector: 'ag-roles-panel',
  imports: [FormsModule, MatButtonModule, TranslatePipe, TemplateEditor, GrantsPanel],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styleUrl: './admin-pages.scss',
  template: `
    @let def = d();
    <fieldset class="panel" [disabled]="!store.editable()">
      <legend>{{ 'admin.basics.heading' | t }}</legend>
      <div class="row">
        <label class="field"><span>{{ 'admin.basics.nameCs' | t }}</span><input [ngModel]="def.name.cs" (ngModelChange)="set('name', 'cs', $event)" [ngModelOptions]="{ updateOn: 'blur' }" /></label>
        <label class="field"><span>{{ 'admin.basics.nameEn' | t }}</span><input [ngModel]="def.name.en" (ngModelChange)="set('name', 'en', $event)" [ngModelOptions]="{ updateOn: 'blur' }" /></label>
      </div>
      <label class="field field--wide"><span>{{ 'admin.basics.descCs' | t }}</span><textarea rows="2" [ngModel]="def.description.cs" (ngModelChange)="set('description', 'cs', $event)" [ngModelOptions]="{ updateOn: 'blur' }"></textarea></label>
      <label class="field field--wide"><span>{{ 'admin.basics.descEn' | t }}</span><textarea rows="2" [ngModel]="def.description.en" (ngModelChange)="set('description', 'en', $event)" [ngModelOptions]="{ updateOn: 'blur' }"></textarea></label>
      <div class="row">
        <label class="field"><span>{{ 'admin.basics.category' | t }}</span><input [ngModel]="def.category ?? ''" (ngModelChange)="setCategory($event)" [ngModelOptions]="{ updateOn: 'blur' }" /></label>
        <label class="field"><span>{{ 'admin.basics.fileMark' | t }}</span><input [ngModel]="def.records.fileMark" (ngModelChange)="setRecords({ fileMark: $event })" [ngModelOptions]="{ updateOn: 'blur' }" /></label>
        <label class="field">
          <span>{{ 'admin.basics.retentionSign' | t }}</span>
          <select [ngModel]="def.records.retention.sign" (ngModelChange)="setRetention({ sign: $event })">
            <option value="A">A</option><option value="V">V</option><option value="S">S</option>
          </select>
        </label>
        <label class="field"><span>{{ 'admin.basics.retentionYears' | t }}</span><input type="number" min="1" [ngModel]="def.records.retention.years" (ngModelChange)="setRetention({ years: +$event })" /></label>
      </div>
    </fieldset>

    <fieldset class="panel" [disabled]="!store.editable()">
      <legend>{{ 'admin.roles.heading' | t }}</legend>
      <p class="hint">{{ 'admin.roles.intro' | t }}</p>
      @for (r of def.roles; track $index; let i = $index) {
        <div class="row" role="group" [attr.aria-label]="r.name[lang()]">
          <label class="field"><span>{{ 'admin.roles.code' | t }}</span><input [value]="r.code" readonly /></label>
          <label class="field"><span>{{ 'admin.form.labelCs' | t }}</span><input [ngModel]="r.name.cs" (ngModelChange)="setRole(i, { name: { cs: $event, en: r.name.en } })" [ngModelOptions]="{ updateOn: 'blur' }" /></label>
          <label class="field"><span>{{ 'admin.form.labelEn' | t }}</span><input [ngModel]="r.name.en" (ngModelChange)="setRole(i, { name: { cs: r.name.cs, en: $event } })" [ngModelOptions]="{ updateOn: 'blur' }" /></label>
          <label class="field field--wide"><span>{{ 'admin.roles.groups' | t }}</span><input [ngModel]="r.directoryGroups.join(', ')" (ngModelChange)="setRole(i, { directoryGroups: split($event) })" [ngModelOptions]="{ updateOn: 'blur' }" /></label>
          <button matButton type="button" (click)="removeRole(i)">{{ 'admin.common.remove' | t }}</button>
        </div>
      }
      <form class="row" (ngSubmit)="addRole()">
        <label class="field"><span>{{ 'admin.roles.code' | t }}</span><input name="roleCode" [(ngModel)]="roleCode" /></label>
        <label class="field"><span>{{ 'admin.form.labelCs' | t }}</span><input name="roleName" [(ngModel)]="roleName" /></label>
        <button matButton type="submit">{{ 'admin.roles.add' | t }}</button>
      </form>
      @if (roleError()) { <p class="error-text" role="alert">{{ 'admin.roles.badCode' | t }}</p> }
    </fieldset>

    <ag-grants-panel [code]="def.code" />

    <fieldset class="panel" [disabled]="!store.editable()">
      <legend>{{ 'admin.docs.heading' | t }}</legend>
      <p class="hint">{{ 'admin.docs.intro' | t }}</p>
      @for (doc of def.documents; track $index; let i = $index) {
        <div class="row" role="group" [attr.aria-label]="doc.name[lang()]">
          <label class="field"><span>{{ 'admin.roles.code' | t }}</span><input [value]="doc.code" readonly /></label>
          <label class="field"><span>{{ 'admin.form.labelCs' | t }}</span><input [ngModel]="doc.name.cs" (ngModelChange)="setDoc(i, { name: { cs: $event, en: doc.name.en } })" [ngModelOptions]="{ updateOn: 'blur' }" /></label>
          <label class="field"><span>{{ 'admin.form.labelEn' | t }}</span><input [ngModel]="doc.name.en" (ngModelChange)="setDoc(i, { name: { cs: doc.name.cs, en: $event } })" [ngModelOptions]="{ updateOn: 'blur' }" /></label>
          <label class="field"><span>{{ 'admin.docs.template' | t }}</span><input [ngModel]="doc.template" (ngModelChange)="setDoc(i, { template: $event })" [ngModelOptions]="{ updateOn: 'blur' }" /></label>
          <button matButton type="button" (click)="removeDoc(i)">{{ 'admin.common.remove' | t }}</button>
        </div>
      }
      <form class="row" (ngSubmit)="addDoc()">
        <label class="field"><span>{{ 'admin.roles.code' | t }}</span><input name="docCode" [(ngModel)]="docCode" /></label>
        <label class="field"><span>{{ 'admin.form.labelCs' | t }}</span><input name="docName" [(ngModel)]="docName" /></label>
        <button matButton type="submit">{{ 'admin.docs.add' | t }}</button>
      </form>
      @if (docError()) { <p class="error-text" role="alert">{{ 'admin.roles.badCode' | t }}</p> }
    </fieldset>

    @if (def.documents.length) {
      <section class="panel" aria-labelledby="templates-heading">
        <h3 id="templates-heading">{{ 'admin.tpl.heading' | t }}</h3>
        @for (doc of def.documents; track doc.code) {
          @if (publishedHas(doc.code)) {
            <ag-template-editor [definition]="def" [code]="doc.code" />
          } @else {
            <p class="hint">{{ doc.name[lang()] }}: {{ 'admin.tpl.afterPublish' | t }}</p>
          }
        }
      </section>
    }
  `,
})
export class RolesPanel {
  protected readonly store = inject(DesignerStore);
  protected readonly lang = inject(TranslationService).lang;
  protected readonly d = computed(() => this.store.definition() as AgendaDefinition);
  protected roleCode = '';
  protected roleName = '';
  protected docCode = '';
  protected docName = '';
  protected readonly roleError = signal(false);
  protected readonly docError = signal(false);

  /** Templates live with the published agenda (feature-documents): editable once the document is published. */
  protected publishedHas(code: string): boolean {
    return this.store.published() !== null && (this.store.status() === 'published' || this.store.publishedDocuments().includes(code));
  }

  protected split(text: string): string[] {
    return text.split(',').map((g) => g.trim()).filter(Boolean);
  }

  protected set(key: 'name' | 'description', lang: 'cs' | 'en', value: string): void {
    this.store.update((d) => (d[key] = { ...d[key], [lang]: value }));
  }

  protected setCategory(value: string): void {
    this.store.update((d) => {
      if (value.trim()) d.category = value.trim();
      else delete d.category;
    });
  }

  protected setRecords(patch: { fileMark: string }): void {
    this.store.update((d) => (d.records = { ...d.records, ...patch }));
  }

  protected setRetention(patch: Partial<AgendaDefinition['records']['retention']>): void {
    this.store.update((d) => (d.records.retention = { ...d.records.retention, ...patch }));
  }

  protected setRole(i: number, patch: Partial<AgendaDefinition['roles'][number]>): void {
    this.store.update((d) => (d.roles[i] = { ...d.roles[i], ...patch }));
  }

  protected removeRole(i: number): void {
    this.store.update((d) => d.roles.splice(i, 1));
  }

  protected addRole(): void {
    const code = this.roleCode.trim();
    if (!CODE.test(code) || this.d().roles.some((r) => r.code === code)) return this.roleError.set(true);
    this.roleError.set(false);
    const name = this.roleName.trim() || code;
    this.store.update((d) => d.roles.push({ code, name: { cs: name, en: name }, directoryGroups: [] }));
    this.roleCode = '';
    this.roleName = '';
  }

  protected setDoc(i: number, patch: Partial<AgendaDefinition['documents'][number]>): void {
    this.store.update((d) => (d.documents[i] = { ...d.documents[i], ...patch }));
  }

  protected removeDoc(i: number): void {
    this.store.update((d) => d.documents.splice(i, 1));
  }

  protected addDoc(): void {
    const code = this.docCode.trim();
    if (!CODE.test(code) || this.d().documents.some((x) => x.code === code)) return this.docError.set(true);
    this.docError.set(false);
    const name = this.docName.trim() || code;
    this.store.update((d) => d.documents.push({ code, name: { cs: name, en: name }, template: `${code}.html`, format: 'pdf' }));
    this.docCode = '';
    this.docName = '';
  }
}
