import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/**
 * The request's documents and signatures, shown on the request detail page: generated PDFs with
 * their versions, the signature order and the signing action (issue 7). Placeholder until then.
 */
@Component({
  selector: 'ag-request-documents',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: ``,
})
export class RequestDocumentsPanel {
  readonly requestId = input.required<string>();
}
