import type { AttachmentInfo } from '@agendy/shared/contracts';
import type { AgendaFormSpec } from '@agendy/web/request/ui-form';
import { attachToForm } from './uploads';

const form = { schema: { properties: { attachments: { type: 'array' }, photo: { type: 'object' } } } } as unknown as AgendaFormSpec;
const stored = (fileId: string, name: string): AttachmentInfo => ({
  fileId,
  name,
  mediaType: 'image/png',
  size: 70,
  sha256: 'x',
  uploadedBy: { id: 'u1', username: 'jnovak', displayName: 'Jan Novák' },
  uploadedAt: '2026-11-27T10:00:00Z',
});

describe('attachToForm', () => {
  it('replaces the renderer’s placeholder of a picked file by the stored one, keeping earlier files', () => {
    const value = {
      attachments: [
        { fileId: 'f0', name: 'ucet.pdf', mediaType: 'application/pdf', size: 10 },
        { fileId: 'local-7', name: 'prohlaseni.png', size: 70 },
      ],
    };
    expect(attachToForm(form, value, 'attachments', [stored('f1', 'prohlaseni.png')], ['prohlaseni.png'])).toEqual({
      attachments: [
        { fileId: 'f0', name: 'ucet.pdf', mediaType: 'application/pdf', size: 10 },
        { fileId: 'f1', name: 'prohlaseni.png', mediaType: 'image/png', size: 70 },
      ],
    });
  });

  it('drops the placeholder of a file whose upload failed', () => {
    expect(attachToForm(form, { attachments: [{ fileId: 'local-8', name: 'virus.exe' }], note: 'x' }, 'attachments', [], ['virus.exe'])).toEqual({ note: 'x' });
    expect(attachToForm(form, { photo: { fileId: 'local-9', name: 'a.png' } }, 'photo', [], ['a.png'])).toEqual({});
  });

  it('puts the stored file into a single attachment field', () => {
    expect(attachToForm(form, { photo: { fileId: 'local-9', name: 'a.png' } }, 'photo', [stored('f2', 'a.png')], ['a.png'])).toEqual({
      photo: { fileId: 'f2', name: 'a.png', mediaType: 'image/png', size: 70 },
    });
  });
});
