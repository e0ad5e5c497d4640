import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { TranslatePipe } from '../../core/i18n/translate.pipe';

@Component({
  selector: 'ag-not-found-page',
  imports: [RouterLink, MatButtonModule, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>{{ 'notFound.heading' | t }}</h1>
    <p>{{ 'notFound.text' | t }}</p>
    <a matButton="outlined" routerLink="/">{{ 'placeholder.back' | t }}</a>
  `,
  styles: `
    h1 {
      margin: 0 0 16px;
      font: var(--mat-sys-headline-medium);
    }
  `,
})
export class NotFoundPage {}
