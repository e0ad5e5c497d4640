import { ChangeDetectionStrategy, Component, OnInit, inject, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import type { AddGrantRequest, DesignerGrant } from '@agendy/shared/contracts';
import type { TranslationKey } from '../../core/i18n/dictionary';
import { ErrorMessages } from '../../core/http/error-messages';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { DesignerApi } from './designer-api';

/** Who holds the agenda's officer, administrator and auditor roles: named people, directory groups, global roles. */
@Component({
  selector: 'ag-grants-panel',
  imports: [FormsModule, MatButtonModule, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styleUrl: './admin-pages.scss',
  template: `
    <section class="panel" aria-labelledby="grants-heading">
      <h3 id="grants-heading">{{ 'admin.grants.heading' | t }}</h3>
      <p class="hint">{{ 'admin.grants.intro' | t }}</p>
      <ul>
        @for (g of grants(); track g.id) {
          <li>
            {{ grantKey(g.grant) | t }}: {{ subjectKey(g.subjectType) | t }} <strong>{{ g.displayName ?? g.subject }}</strong>
            @if (g.username) { ({{ g.username }}) }
            <button matButton type="button" (click)="remove(g)" [attr.aria-label]="'admin.grants.remove' | t: { who: g.displayName ?? g.subject }">{{ 'admin.common.remove' | t }}</button>
          </li>
        } @empty {
          <li>{{ 'admin.grants.none' | t }}</li>
        }
      </ul>
      <form class="row" (ngSubmit)="add()">
        <label class="field">
          <span>{{ 'admin.grants.grant' | t }}</span>
          <select name="grant" [(ngModel)]="grant">
            <option value="officer">{{ 'admin.grants.officer' | t }}</option>
            <option value="admin">{{ 'admin.grants.admin' | t }}</option>
            <option value="auditor">{{ 'admin.grants.auditor' | t }}</option>
          </select>
        </label>
        <label class="field">
          <span>{{ 'admin.grants.subjectType' | t }}</span>
          <select name="subjectType" [(ngModel)]="subjectType">
            <option value="user">{{ 'admin.grants.user' | t }}</option>
            <option value="group">{{ 'admin.grants.group' | t }}</option>
            <option value="role">{{ 'admin.grants.role' | t }}</option>
          </select>
        </label>
        <label class="field">
          <span>{{ 'admin.grants.subject' | t }}</span>
          <input name="subject" [(ngModel)]="subject" />
        </label>
        <button matButton="outlined" type="submit">{{ 'admin.grants.add' | t }}</button>
      </form>
      @if (error(); as e) { <p class="error-text" role="alert">{{ e }}</p> }
    </section>
  `,
})
export class GrantsPanel implements OnInit {
  private readonly api = inject(DesignerApi);
  private readonly errors = inject(ErrorMessages);
  readonly code = input.required<string>();
  protected readonly grants = signal<DesignerGrant[]>([]);
  protected readonly error = signal<string | null>(null);
  protected grant: AddGrantRequest['grant'] = 'officer';
  protected subjectType: AddGrantRequest['subjectType'] = 'user';
  protected subject = '';

  ngOnInit(): void {
    void this.guard(async () => this.grants.set(await this.api.grants(this.code())));
  }

  protected grantKey(g: DesignerGrant['grant']): TranslationKey {
    return `admin.grants.${g}` as TranslationKey;
  }

  protected subjectKey(s: DesignerGrant['subjectType']): TranslationKey {
    return `admin.grants.${s}` as TranslationKey;
  }

  protected add(): Promise<void> {
    return this.guard(async () => {
      this.grants.set(await this.api.addGrant(this.code(), { grant: this.grant, subjectType: this.subjectType, subject: this.subject }));
      this.subject = '';
    });
  }

  protected remove(g: DesignerGrant): Promise<void> {
    return this.guard(async () => {
      await this.api.removeGrant(this.code(), g.id);
      this.grants.set(await this.api.grants(this.code()));
    });
  }

  private async guard(work: () => Promise<void>): Promise<void> {
    this.error.set(null);
    try {
      await work();
    } catch (e) {
      this.error.set(this.errors.describe(e, ['subject']).message);
    }
  }
}
