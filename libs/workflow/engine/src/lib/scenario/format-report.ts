import { czechPlural, englishPlural, isBusinessDay, isoDayOfWeek, localDateParts, pad2, toPragueWallClock, type LocalizedText } from '@agendy/shared/util';
import type { ReportedAction, ScenarioReport, StepReport } from './scenario.types';

const WEEKDAYS = ['po', 'út', 'st', 'čt', 'pá', 'so', 'ne'];

/** `pá 4. 12. 2026 23:59` on a Prague wall clock, the way the office writes dates. */
export function formatPragueInstant(iso: string): string {
  const c = toPragueWallClock(new Date(iso));
  const { year, month, day } = localDateParts(c.date);
  const holiday = isBusinessDay(c.date) || isoDayOfWeek(c.date) >= 6 ? '' : ' (svátek)';
  return `${WEEKDAYS[isoDayOfWeek(c.date) - 1]} ${day}. ${month}. ${year} ${pad2(c.hour)}:${pad2(c.minute)}${holiday}`;
}

const both = (t: LocalizedText) => (t.cs === t.en ? t.cs : `${t.cs} / ${t.en}`);

/**
 * The report of `runScenario()` as text for the terminal: Czech first, English after a slash
 * or on its own line, so an administrator can read it in either language.
 */
export function formatScenarioReport(report: ScenarioReport): string {
  const lines: string[] = [];
  const out = (line = '') => lines.push(line);
  out(`Agenda ${report.agenda.code} v${report.agenda.version}: ${both(report.agenda.name)}`);
  if (report.title) out(`Scénář / scenario: ${report.title}`);
  if (report.definitionErrors.length > 0) {
    const n = report.definitionErrors.length;
    out(`✘ Definice agendy má ${czechPlural(n, 'problém', 'problémy', 'problémů')} / the definition has ${englishPlural(n, 'problem')} — nic nebylo spuštěno / nothing was run:`);
    for (const e of report.definitionErrors) {
      out(`  ${e.pointer || '/'}  [${e.rule}]`);
      out(`    cs: ${e.message.cs}`);
      out(`    en: ${e.message.en}`);
    }
    return lines.join('\n');
  }
  for (const step of report.steps) formatStep(step, out);
  out();
  if (report.failure) {
    const f = report.failure;
    if (f.atEnd) out(`✘ Scénář selhal na konci, po kroku #${f.step} / the scenario failed at the end, after step #${f.step}:`);
    else out(`✘ Scénář selhal v kroku #${f.step} / the scenario failed at step #${f.step}:`);
    out(`    cs: ${report.failure.message.cs}`);
    out(`    en: ${report.failure.message.en}`);
    for (const e of report.failure.fieldErrors ?? []) out(`    ${e.pointer || '/'}: ${e.message.cs} / ${e.message.en}`);
  } else {
    const end = report.end;
    const where = end ? `${both(end.label)} (${end.state}${end.outcome ? `, ${end.outcome}` : ''})` : '?';
    // #0 is the filing; the scenario's own steps are #1 to #N.
    const n = report.steps.length - 1;
    const stuck = end?.stuck ? ' — uvízla podle očekávání / stuck as expected' : '';
    out(`✔ Scénář prošel: ${czechPlural(n, 'krok', 'kroky', 'kroků')}, žádost skončila ve stavu ${where}${stuck}.`);
    out(`  The scenario passed (${englishPlural(n, 'step')}); the request ended in ${where}${end && !end.final ? ' (not a final state)' : ''}.`);
  }
  return lines.join('\n');
}

function formatStep(step: StepReport, out: (line?: string) => void): void {
  out();
  const who = step.actor === 'system' ? 'systém / system' : step.onBehalfOf ? `${step.actor} (v zastoupení / on behalf of ${step.onBehalfOf})` : step.actor;
  const what = step.kind === 'vote' ? `hlasuje / votes ${step.action}` : step.action;
  const label = step.actionLabel ? ` „${step.actionLabel.cs}“ / "${step.actionLabel.en}"` : '';
  const mark = step.problem ? '✘' : step.accepted ? '✔' : '✔ (odmítnuto podle očekávání / refused as expected)';
  out(`#${step.index}  ${formatPragueInstant(step.at)}  ${who}: ${what}${label}  ${mark}`);
  if (step.note) out(`    pozn. / note: ${step.note}`);
  if (step.changedFields?.length) out(`    vyplněno / fields entered: ${step.changedFields.join(', ')}`);
  if (step.comment !== undefined) out(`    komentář / comment: „${step.comment}“ (uložen v průběhu žádosti / kept in the request's history)`);
  if (!step.accepted && step.rejection) {
    out(`    odmítnuto / refused [${step.rejection.code}]: ${step.rejection.message.cs} / ${step.rejection.message.en}`);
    for (const e of step.rejection.fieldErrors ?? []) out(`      ${e.pointer || '/'}: ${e.message.cs} / ${e.message.en}`);
  }
  const state = (s: NonNullable<StepReport['from']>) => `${s.label.cs} (${s.id})`;
  if (step.accepted) {
    const to = `${state(step.to)}${step.to.final ? ` — koncový stav / final${step.to.outcome ? `: ${step.to.outcome}` : ''}` : ''}`;
    out(`    stav / state: ${step.from ? `${state(step.from)} → ` : ''}${to}`);
    if (step.route) out(`    cesta / route: ${step.route.cs}\n                   ${step.route.en}`);
    if (step.effects.length > 0) {
      out('    účinky / effects:');
      for (const e of step.effects) {
        out(`      • ${e.cs}`);
        if (e.en !== e.cs) out(`        ${e.en}`);
      }
    }
    if (step.deadline) {
      const d = step.deadline;
      out(`    lhůta / deadline: do / due ${formatPragueInstant(d.dueAt)}`);
      if (d.remindAt) out(`      připomínka / reminder: ${formatPragueInstant(d.remindAt)} → ${d.remindTo.cs}`);
      else out('      připomínka / reminder: žádná / none');
      out(`      eskalace / escalation: ${formatPragueInstant(d.escalateAt)} → ${d.escalateTo.cs}${d.reassignOnEscalation ? ' (a přidělení / and reassigned)' : ''}`);
    }
  } else {
    out(`    stav beze změny / state unchanged: ${state(step.to)}`);
  }
  if (step.problem) {
    out(`    ✘ ${step.problem.cs}`);
    out(`      ${step.problem.en}`);
    return;
  }
  if (step.to.final) {
    out('    žádost je uzavřena / the request is closed');
    return;
  }
  out(`    řeší / assigned to: ${step.assignees.cs}`);
  if (step.fallbacks) out(`    náhradníci / fallbacks: ${step.fallbacks.cs}\n      ${step.fallbacks.en}`);
  if (step.pendingTimers.length > 0) {
    out(`    čekající časovače / pending timers: ${step.pendingTimers.map((t) => `${t.timer === 'remind' ? 'připomínka / remind' : 'eskalace / escalate'} ${formatPragueInstant(t.at)}`).join('; ')}`);
  }
  if (step.available.length === 0) out('    další kroky / next steps: nikdo ze scénáře nemůže nic udělat / nobody in the scenario can act');
  else {
    out('    další kroky / next steps:');
    for (const { person, actions } of step.available) out(`      ${person === 'system' ? 'systém / system' : person}: ${actions.map(formatAction).join(', ')}`);
  }
}

function formatAction(a: ReportedAction): string {
  const name = a.kind === 'vote' ? `hlasovat / vote ${a.name}` : a.name;
  const flags = [a.commentRequired ? 's komentářem / comment required' : '', !a.enabled ? `nedostupné / disabled: ${a.disabledReason?.cs ?? ''}` : ''].filter(Boolean);
  return `${name}${flags.length > 0 ? ` (${flags.join('; ')})` : ''}`;
}
