import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import type { FieldModel } from '../model/field-model';
import type { AttachmentRef } from '../model/form-spec';
import { fieldPointer } from '../model/data-pointer';
import { formatNumberText } from '../model/number-text';
import { AgendaFormState } from '../agenda-form/agenda-form-state';

let nextLocalFile = 0;

function isAttachment(value: unknown): value is AttachmentRef {
  return !!value && typeof value === 'object' && typeof (value as AttachmentRef).name === 'string';
}

/**
 * Attachments of a request: a file picker that records a reference (name, type, size) in the
 * data and reports the chosen files, so the caller can upload them (uploading comes later).
 */
@Component({
  selector: 'ag-attachment-field',
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './attachment-field.html',
  styleUrl: './attachment-field.scss',
})
export class AttachmentField {
  protected readonly state = inject(AgendaFormState);

  readonly field = input.required<FieldModel>();
  readonly required = input(false);
  readonly editable = input(true);

  protected readonly lang = this.state.lang;
  protected readonly pointer = computed(() => fieldPointer(this.field().name));
  protected readonly id = computed(() => this.state.controlId(this.pointer()));
  protected readonly multiple = computed(() => this.field().maxItems !== 1);
  protected readonly files = computed<AttachmentRef[]>(() => {
    const value = this.state.read(this.pointer());
    return Array.isArray(value) ? value.filter(isAttachment) : [];
  });
  protected readonly errors = computed(() => this.state.errorsAt(this.pointer()));
  protected readonly describedBy = computed(
    () =>
      [this.field().help ? `${this.id()}-help` : null, `${this.id()}-files`, this.errors().length ? `${this.id()}-error` : null]
        .filter(Boolean)
        .join(' '),
  );

  protected sizeText(size: number | undefined): string {
    if (size === undefined) return '';
    return size < 1024 * 1024
      ? `${formatNumberText(Math.max(1, Math.round(size / 1024)), this.lang())} kB`
      : `${formatNumberText(size / (1024 * 1024), this.lang(), 1)} MB`;
  }

  protected choose(input: HTMLInputElement): void {
    const picked = Array.from(input.files ?? []);
    input.value = '';
    if (!picked.length) return;
    const refs: AttachmentRef[] = picked.map((file) => ({
      fileId: `local-${++nextLocalFile}`,
      name: file.name,
      ...(file.type ? { mediaType: file.type } : {}),
      size: file.size,
    }));
    const next = this.multiple() ? [...this.files(), ...refs].slice(0, this.field().maxItems ?? Infinity) : refs.slice(0, 1);
    this.state.update(this.pointer(), next);
    this.state.touch(this.pointer());
    this.state.announce(this.state.label('fileAdded', { name: refs.map((r) => r.name).join(', ') }));
    this.state.emitAttachments({ field: this.field().name, pointer: this.pointer(), files: picked });
  }

  protected remove(file: AttachmentRef): void {
    const rest = this.files().filter((f) => f !== file);
    this.state.update(this.pointer(), rest.length ? rest : undefined);
    this.state.touch(this.pointer());
    this.state.announce(this.state.label('fileRemoved', { name: file.name }));
  }
}
