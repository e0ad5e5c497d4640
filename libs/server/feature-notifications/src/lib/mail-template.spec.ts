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
});
