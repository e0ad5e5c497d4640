import { renderMail, requestLink } from './mail-template';

describe('renderMail', () => {
  it('writes a Czech e-mail with the reference, state and a link to the request', () => {
    const mail = renderMail({
      message: { cs: 'Máte ke schválení žádost o nepřítomnost.', en: 'x' },
      template: null,
      reference: 'NEP/2026/00007',
      agendaName: 'Žádost o nepřítomnost',
      stateLabel: 'Ke schválení',
      link: requestLink('https://agendy.kraj-lbc.cz', 'abc'),
      recipientName: 'Jana Dvořáková',
    });
    expect(mail.subject).toBe('[Agendy] NEP/2026/00007: Máte ke schválení žádost o nepřítomnost.');
    expect(mail.text).toContain('Dobrý den, Jana Dvořáková,');
    expect(mail.text).toContain('Stav: Ke schválení');
    expect(mail.text).toContain('Otevřít žádost: https://agendy.kraj-lbc.cz/zadosti/abc');
  });

  it('uses a short subject for deadline templates', () => {
    expect(renderMail({ message: { cs: 'Lhůta …', en: '' }, template: 'deadline-escalation', reference: 'DOT/2026/00001', agendaName: null, stateLabel: null, link: null, recipientName: 'X' }).subject).toBe(
      '[Agendy] DOT/2026/00001: Lhůta byla překročena',
    );
  });

  it("writes an area's subject and lines for a notification without a request", () => {
    const mail = renderMail({
      message: { cs: 'Rezervace potvrzena: Zasedací místnost A2.12.', en: 'x' },
      template: 'booking.confirmed',
      reference: null,
      agendaName: null,
      stateLabel: null,
      link: null,
      recipientName: 'Jan Novák',
      subject: 'Potvrzení rezervace: Zasedací místnost A2.12',
      lines: ['Zdroj: Zasedací místnost A2.12', 'Termín: 2. 12. 2026 10:00 – 2. 12. 2026 11:00', '', 'Moje rezervace: https://agendy.kraj-lbc.cz/rezervace'],
    });
    expect(mail.subject).toBe('[Agendy] Potvrzení rezervace: Zasedací místnost A2.12');
    expect(mail.text).toBe(
      [
        'Dobrý den, Jan Novák,',
        '',
        'Rezervace potvrzena: Zasedací místnost A2.12.',
        '',
        'Zdroj: Zasedací místnost A2.12',
        'Termín: 2. 12. 2026 10:00 – 2. 12. 2026 11:00',
        '',
        'Moje rezervace: https://agendy.kraj-lbc.cz/rezervace',
        '',
        '-- ',
        'Tuto zprávu odeslal automaticky systém Agendy Krajského úřadu Libereckého kraje. Neodpovídejte na ni.',
        '',
      ].join('\n'),
    );
  });
});
