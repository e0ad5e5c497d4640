import { ChangeDetectionStrategy, Component } from '@angular/core';
import { TranslatePipe } from '../core/i18n/translate.pipe';

/** Product name and the office's name; a simple mark instead of the region's emblem (not licensed here). */
@Component({
  selector: 'ag-brand',
  imports: [TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <span class="mark" aria-hidden="true">A</span>
    <span class="text">
      <span class="product">{{ 'app.name' | t }}</span>
      <span class="region">{{ 'app.region' | t }}</span>
    </span>
  `,
  styles: `
    :host {
      display: inline-flex;
      align-items: center;
      gap: 12px;
      min-width: 0;
    }
    .mark {
      display: inline-grid;
      place-items: center;
      width: 36px;
      height: 36px;
      flex: none;
      border-radius: 10px;
      background: var(--ag-brand-mark-bg, var(--mat-sys-primary));
      color: var(--ag-brand-mark-fg, var(--mat-sys-on-primary));
      font: 700 20px/1 var(--ag-font);
    }
    .text {
      display: flex;
      flex-direction: column;
      min-width: 0;
      line-height: 1.2;
    }
    .product {
      font-size: 1.125rem;
      font-weight: 700;
      letter-spacing: 0.01em;
    }
    .region {
      font-size: 0.8125rem;
      font-weight: 400;
      white-space: nowrap;
      overflow: hidden;
      text-overflow: ellipsis;
    }
  `,
})
export class Brand {}
