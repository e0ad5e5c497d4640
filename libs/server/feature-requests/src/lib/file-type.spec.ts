import { cleanFileName, sniffFileType } from './file-type';

describe('sniffFileType', () => {
  it('recognises PDF, PNG and JPEG by content whatever the name says', () => {
    expect(sniffFileType(Buffer.from('%PDF-1.7\n'), 'x.png')?.mediaType).toBe('application/pdf');
    expect(sniffFileType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]), 'scan')?.mediaType).toBe('image/png');
    expect(sniffFileType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]), 'foto.pdf')?.mediaType).toBe('image/jpeg');
  });

  it('names ZIP containers by extension and refuses executables and text renamed to PDF', () => {
    expect(sniffFileType(Buffer.from([0x50, 0x4b, 0x03, 0x04]), 'smlouva.DOCX')?.mediaType).toMatch(/wordprocessingml/);
    expect(sniffFileType(Buffer.from('MZ\x90\x00'), 'faktura.pdf')).toBeUndefined();
    expect(sniffFileType(Buffer.from('<html>'), 'a.pdf')).toBeUndefined();
  });

  it('refuses polyglots: a PDF or image signature with HTML or SVG markup in the first kilobyte', () => {
    expect(sniffFileType(Buffer.from('%PDF-1.4\n<html><script>alert(1)</script></html>'), 'a.pdf')).toBeUndefined();
    expect(sniffFileType(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('<svg onload=alert(1)>')]), 'a.jpg')).toBeUndefined();
    expect(sniffFileType(Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj'), 'a.pdf')?.mediaType).toBe('application/pdf');
  });

  it('cleans names of paths and control characters', () => {
    expect(cleanFileName('C:\\Users\\x\\žádost\u0000.pdf')).toBe('žádost.pdf');
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
  });
});
