import type { LocalizedText } from '@agendy/shared/util';

export interface MailContext {
  message: LocalizedText;
  template: string | null;
  reference: string | null;
  agendaName: string | null;
  stateLabel: string | null;
  /** Absolute link to the request in the web app. */
  link: string | null;
  recipientName: string;
  /** An area's subject (MailContribution.subject), instead of the template's subject or the message. */
  subject?: string;
  /** An area's lines below the request lines (MailContribution.lines). */
  lines?: readonly string[];
}

const SUBJECT_OF_TEMPLATE: Record<string, string> = {
  'deadline-reminder': 'Blíží se lhůta',
  'deadline-escalation': 'Lhůta byla překročena',
};

/** The web app's route of a request detail. */
export function requestLink(publicBaseUrl: string, requestId: string): string {
  return `${publicBaseUrl}/zadosti/${encodeURIComponent(requestId)}`;
}

/** Czech plain-text e-mail; short subject with the reference number so mail clients thread it. */
export function renderMail(ctx: MailContext): { subject: string; text: string } {
  const lead = ctx.subject || (ctx.template && SUBJECT_OF_TEMPLATE[ctx.template]) || ctx.message.cs;
  const subject = `[Agendy] ${ctx.reference ? ctx.reference + ': ' : ''}${lead}`.slice(0, 200);
  const lines = [
    `Dobrý den, ${ctx.recipientName},`,
    '',
    ctx.message.cs,
    '',
    ...(ctx.reference ? [`Žádost: ${ctx.reference}${ctx.agendaName ? ` – ${ctx.agendaName}` : ''}`] : []),
    ...(ctx.stateLabel ? [`Stav: ${ctx.stateLabel}`] : []),
    ...(ctx.link ? [`Otevřít žádost: ${ctx.link}`] : []),
    ...(ctx.lines ?? []),
    '',
    '-- ',
    'Tuto zprávu odeslal automaticky systém Agendy Krajského úřadu Libereckého kraje. Neodpovídejte na ni.',
  ];
  return { subject, text: lines.join('\n') + '\n' };
}
