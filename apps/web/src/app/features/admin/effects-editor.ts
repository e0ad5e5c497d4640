import { ChangeDetectionStrategy, Component, computed, inject, input, output } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import type { AgendaDefinition, EffectDefinition, SignatureLevel } from '@agendy/workflow/engine';
import type { TranslationKey } from '../../core/i18n/dictionary';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { TranslationService } from '../../core/i18n/translation.service';
import { ConditionBuilder } from './condition-builder';
import { EFFECT_TYPES, newEffect, partyChoices, partyKeyOf, toggleParty, type EditableEffectType, type PartyChoice } from './model/workflow-edit';

type Effect = EffectDefinition & Record<string, unknown>;

/** The effects of a step or of entering a state: notify, generate a document, request signatures, set a field, assign. */
@Component({
  selector: 'ag-effects-editor',
  imports: [FormsModule, MatButtonModule, TranslatePipe, ConditionBuilder],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styleUrl: './admin-pages.scss',
  template: `
    <ol class="effects">
      @for (e of list(); track $index; let i = $index) {
        <li class="effect">
          <div class="effect__head">
            <strong>{{ typeKey(e.type) | t }}</strong>
            <button matButton type="button" [disabled]="disabled()" (click)="remove(i)">{{ 'admin.common.remove' | t }}</button>
          </div>
          @switch (e.type) {
            @case ('notify') {
              <fieldset class="parties">
                <legend>{{ 'admin.effect.to' | t }}</legend>
                @for (c of choices(); track c.key) {
                  <label class="check"><input type="checkbox" [disabled]="disabled()" [checked]="has($any(e)['to'], c)" (change)="setParty(i, 'to', c, $any($event.target).checked)" /> {{ partyLabel(c.key) }}</label>
                }
              </fieldset>
              <label class="field field--wide"><span>{{ 'admin.effect.messageCs' | t }}</span><input [disabled]="disabled()" [ngModel]="$any(e)['message']?.cs" (ngModelChange)="patch(i, { message: { cs: $event, en: $any(e)['message']?.en ?? $event } })" [ngModelOptions]="{ updateOn: 'blur' }" /></label>
              <label class="field field--wide"><span>{{ 'admin.effect.messageEn' | t }}</span><input [disabled]="disabled()" [ngModel]="$any(e)['message']?.en" (ngModelChange)="patch(i, { message: { cs: $any(e)['message']?.cs ?? $event, en: $event } })" [ngModelOptions]="{ updateOn: 'blur' }" /></label>
            }
            @case ('assign') {
              <fieldset class="parties">
                <legend>{{ 'admin.effect.to' | t }}</legend>
                @for (c of choices(); track c.key) {
                  <label class="check"><input type="checkbox" [disabled]="disabled()" [checked]="has($any(e)['to'], c)" (change)="setParty(i, 'to', c, $any($event.target).checked)" /> {{ partyLabel(c.key) }}</label>
                }
              </fieldset>
            }
            @case ('generateDocument') {
              <label class="field">
                <span>{{ 'admin.effect.template' | t }}</span>
                <select [disabled]="disabled()" [ngModel]="$any(e)['template']" (ngModelChange)="patch(i, { template: $event })">
                  @for (doc of definition().documents; track doc.code) {
                    <option [value]="doc.code">{{ doc.name[lang()] }} ({{ doc.code }})</option>
                  }
                </select>
              </label>
            }
            @case ('requestSignatures') {
              <label class="field">
                <span>{{ 'admin.effect.document' | t }}</span>
                <select [disabled]="disabled()" [ngModel]="$any(e)['document']" (ngModelChange)="patch(i, { document: $event })">
                  @for (doc of definition().documents; track doc.code) {
                    <option [value]="doc.code">{{ doc.name[lang()] }} ({{ doc.code }})</option>
                  }
                </select>
              </label>
              @for (s of $any(e)['signers']; track $index; let k = $index) {
                <div class="row" role="group" [attr.aria-label]="'admin.effect.signer' | t: { n: k + 1 }">
                  <label class="field">
                    <span>{{ 'admin.effect.signer' | t: { n: k + 1 } }}</span>
                    <select [disabled]="disabled()" [ngModel]="s.who ? partyKey(s.who) : 'seal'" (ngModelChange)="setSigner(i, k, { who: $event })">
                      @for (c of choices(); track c.key) {
                        <option [value]="c.key">{{ partyLabel(c.key) }}</option>
                      }
                      <option value="seal">{{ 'admin.effect.seal' | t }}</option>
                    </select>
                  </label>
                  <label class="field">
                    <span>{{ 'admin.effect.level' | t }}</span>
                    <select [disabled]="disabled()" [ngModel]="s.level" (ngModelChange)="setSigner(i, k, { level: $event })">
                      @for (level of levels; track level) {
                        <option [value]="level">{{ levelKey(level) | t }}</option>
                      }
                    </select>
                  </label>
                  <label class="field">
                    <span>{{ 'admin.effect.order' | t }}</span>
                    <input type="number" min="1" [disabled]="disabled()" [ngModel]="s.order" (ngModelChange)="setSigner(i, k, { order: $event })" />
                  </label>
                  <button matButton type="button" [disabled]="disabled()" (click)="removeSigner(i, k)">{{ 'admin.common.remove' | t }}</button>
                </div>
              }
              <button matButton type="button" [disabled]="disabled()" (click)="addSigner(i)">{{ 'admin.effect.addSigner' | t }}</button>
            }
            @case ('setField') {
              <label class="field">
                <span>{{ 'admin.effect.field' | t }}</span>
                <select [disabled]="disabled()" [ngModel]="$any(e)['field']" (ngModelChange)="patch(i, { field: $event })">
                  @for (f of fieldNames(); track f) {
                    <option [value]="f">{{ f }}</option>
                  }
                </select>
              </label>
              <label class="field field--wide">
                <span>{{ 'admin.effect.value' | t }}</span>
                <input class="code" [disabled]="disabled()" [value]="json($any(e)['value'])" (change)="patchJson(i, 'value', $any($event.target).value)" />
              </label>
            }
          }
          <div class="field--wide">
            <span class="label">{{ 'admin.effect.when' | t }}</span>
            <ag-condition-builder [definition]="definition()" [logic]="e.when ?? null" [disabled]="disabled()" [idPrefix]="idPrefix() + '-when-' + i" (logicChange)="setWhen(i, $event)" />
          </div>
        </li>
      }
    </ol>
    @if (!disabled()) {
      <div class="row">
        <label class="field">
          <span>{{ 'admin.effect.add' | t }}</span>
          <select #type>
            @for (t of types; track t) {
              <option [value]="t">{{ typeKey(t) | t }}</option>
            }
          </select>
        </label>
        <button matButton type="button" (click)="add($any(type.value))">{{ 'admin.effect.addButton' | t }}</button>
      </div>
    }
  `,
})
export class EffectsEditor {
  private readonly i18n = inject(TranslationService);
  protected readonly lang = this.i18n.lang;
  readonly definition = input.required<AgendaDefinition>();
  readonly effects = input<readonly EffectDefinition[] | undefined>(undefined);
  readonly disabled = input(false);
  readonly idPrefix = input('fx');
  readonly effectsChange = output<EffectDefinition[]>();
  protected readonly types = EFFECT_TYPES;
  protected readonly levels: SignatureLevel[] = ['simple', 'advanced', 'qualified', 'seal'];
  protected readonly list = computed(() => (this.effects() ?? []) as Effect[]);
  protected readonly choices = computed(() => partyChoices(this.definition()));
  protected readonly fieldNames = computed(() => Object.keys((this.definition().form.schema['properties'] ?? {}) as object));
  protected readonly partyKey = partyKeyOf;

  protected typeKey(type: string): TranslationKey {
    return (EFFECT_TYPES as readonly string[]).includes(type) ? (`admin.effect.type.${type}` as TranslationKey) : 'admin.effect.type.other';
  }

  protected levelKey(level: SignatureLevel): TranslationKey {
    return `admin.level.${level}` as TranslationKey;
  }

  protected partyLabel(key: string): string {
    if (key.startsWith('role:')) {
      const code = key.slice(5);
      const own = this.definition().roles.find((r) => r.code === code);
      if (own) return own.name[this.lang()];
      return this.i18n.t(`admin.party.role.${code}` as TranslationKey);
    }
    return this.i18n.t(`admin.party.${key}` as TranslationKey);
  }

  protected has(rules: unknown[] | undefined, c: PartyChoice): boolean {
    return (rules ?? []).some((r) => partyKeyOf(r) === c.key);
  }

  protected json(value: unknown): string {
    return JSON.stringify(value ?? null);
  }

  private emit(list: Effect[]): void {
    this.effectsChange.emit(list as EffectDefinition[]);
  }

  protected patch(i: number, patch: Record<string, unknown>): void {
    this.emit(this.list().map((e, k) => (k === i ? ({ ...e, ...patch } as Effect) : e)));
  }

  protected patchJson(i: number, key: string, text: string): void {
    try {
      this.patch(i, { [key]: JSON.parse(text) });
    } catch {
      // Not JSON yet: the field keeps its text until it parses.
    }
  }

  protected setParty(i: number, key: 'to', c: PartyChoice, on: boolean): void {
    this.patch(i, { [key]: toggleParty(this.list()[i][key] as unknown[], c, on) });
  }

  protected setWhen(i: number, logic: unknown): void {
    const { when: _drop, ...rest } = this.list()[i];
    void _drop;
    this.emit(this.list().map((e, k) => (k === i ? ((logic === null ? rest : { ...rest, when: logic }) as Effect) : e)));
  }

  protected setSigner(i: number, k: number, patch: { who?: string; level?: SignatureLevel; order?: number }): void {
    const signers = [...((this.list()[i]['signers'] as Array<Record<string, unknown>>) ?? [])];
    const s = { ...signers[k] };
    if (patch.who !== undefined) {
      if (patch.who === 'seal') {
        delete s['who'];
        s['level'] = 'seal';
      } else s['who'] = this.choices().find((c) => c.key === patch.who)?.rule;
    }
    if (patch.level) s['level'] = patch.level;
    if (patch.order !== undefined) s['order'] = Number(patch.order);
    signers[k] = s;
    this.patch(i, { signers });
  }

  protected addSigner(i: number): void {
    const signers = (this.list()[i]['signers'] as unknown[]) ?? [];
    this.patch(i, { signers: [...signers, { who: { filer: true }, level: 'advanced', order: signers.length + 1 }] });
  }

  protected removeSigner(i: number, k: number): void {
    this.patch(i, { signers: ((this.list()[i]['signers'] as unknown[]) ?? []).filter((_, j) => j !== k) });
  }

  protected add(type: EditableEffectType): void {
    this.emit([...this.list(), newEffect(this.definition(), type) as Effect]);
  }

  protected remove(i: number): void {
    this.emit(this.list().filter((_, k) => k !== i));
  }
}
