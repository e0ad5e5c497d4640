import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { ActivatedRoute, RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { MatTabsModule } from '@angular/material/tabs';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { TranslationService } from '../../core/i18n/translation.service';
import { DesignerStore } from './designer-store';
import { FormDesigner } from './form-designer';
import { JsonPanel } from './json-panel';
import { PublishWarnings } from './publish-warnings';
import { RolesPanel } from './roles-panel';
import { SimulationPanel } from './simulation-panel';
import { statusKey } from './status-key';
import { VersionsPanel } from './versions-panel';
import { WorkflowDesigner } from './workflow-designer';

/** `/administrace/agendy/:code[?verze=n]`: one agenda in the designer (the draft, or a read-only version). */
@Component({
  selector: 'ag-agenda-designer-page',
  imports: [RouterLink, MatButtonModule, MatTabsModule, TranslatePipe, FormDesigner, WorkflowDesigner, RolesPanel, JsonPanel, SimulationPanel, VersionsPanel, PublishWarnings],
  providers: [DesignerStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styleUrl: './admin-pages.scss',
  template: `
    <p><a routerLink="/administrace">← {{ 'admin.back' | t }}</a></p>
    @if (store.definition(); as def) {
      <header class="designer-head">
        <h1>{{ def.name[lang()] }} <small>v{{ store.version() }}</small></h1>
        <span class="chip" [attr.data-status]="store.status()">{{ statusKey(store.status() ?? 'draft') | t }}</span>
        <div class="designer-actions">
          @if (store.editable()) {
            <span role="status" class="hint">
              @if (store.validating()) {
                {{ 'admin.validating' | t }}
              } @else if (store.errors().length) {
                <span class="error-text">{{ 'admin.errors.count' | t: { n: store.errors().length } }}</span>
              } @else {
                {{ 'admin.errors.none' | t }}
              }
              @if (store.dirty()) {
                · {{ 'admin.unsaved' | t }}
              }
            </span>
            <button matButton="outlined" type="button" [disabled]="store.busy() || !store.dirty()" (click)="store.save()">{{ 'admin.save' | t }}</button>
            <button matButton="filled" type="button" [disabled]="store.busy() || store.errors().length > 0" (click)="store.publish()">{{ 'admin.publish' | t }}</button>
          } @else if (!store.draft()) {
            <button matButton="filled" type="button" [disabled]="store.busy()" (click)="store.createDraft()">{{ 'admin.versions.newDraft' | t }}</button>
          } @else {
            <button matButton="filled" type="button" (click)="store.load(store.code(), store.draft()!.version)">{{ 'admin.openDraft' | t: { v: store.draft()!.version } }}</button>
          }
        </div>
      </header>
      @if (!store.editable()) {
        <p class="hint">{{ 'admin.readOnly' | t }}</p>
      }
      @if (store.message(); as m) {
        <p class="message" [class.message--error]="m.error" [attr.role]="m.error ? 'alert' : 'status'">{{ m.text }}</p>
      }
      @if (store.directoryWarnings().length) {
        <ag-publish-warnings [warnings]="store.directoryWarnings()" [definition]="def" [code]="store.code()" />
      }
      @if (store.located().other.length) {
        <div class="panel panel--error" role="alert">
          <h2>{{ 'admin.errors.general' | t }}</h2>
          <ul>
            @for (e of store.located().other; track $index) {
              <li><code>{{ e.pointer || '/' }}</code> {{ e.message[lang()] }}</li>
            }
          </ul>
        </div>
      }
      <mat-tab-group [(selectedIndex)]="tab" [mat-stretch-tabs]="false" animationDuration="0ms">
        <mat-tab [label]="'admin.tab.form' | t"><ng-template matTabContent><ag-form-designer /></ng-template></mat-tab>
        <mat-tab [label]="'admin.tab.workflow' | t"><ng-template matTabContent><ag-workflow-designer /></ng-template></mat-tab>
        <mat-tab [label]="'admin.tab.roles' | t"><ng-template matTabContent><ag-roles-panel /></ng-template></mat-tab>
        <mat-tab [label]="'admin.tab.simulate' | t"><ng-template matTabContent><ag-simulation-panel /></ng-template></mat-tab>
        <mat-tab [label]="'admin.tab.versions' | t"><ng-template matTabContent><ag-versions-panel /></ng-template></mat-tab>
        <mat-tab [label]="'admin.tab.json' | t"><ng-template matTabContent><ag-json-panel /></ng-template></mat-tab>
      </mat-tab-group>
    } @else if (store.message(); as m) {
      <p class="message message--error" role="alert">{{ m.text }}</p>
    }
  `,
})
export class AgendaDesignerPage {
  protected readonly store = inject(DesignerStore);
  protected readonly lang = inject(TranslationService).lang;
  protected readonly statusKey = statusKey;
  protected tab = 0;

  constructor() {
    const route = inject(ActivatedRoute);
    const version = Number(route.snapshot.queryParamMap.get('verze'));
    void this.store.load(route.snapshot.paramMap.get('code') ?? '', Number.isInteger(version) && version > 0 ? version : undefined);
  }
}
