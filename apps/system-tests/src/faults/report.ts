import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const FILE = join(__dirname, '../../../../docs/reliability.md');
const BEGIN = '<!-- BEGIN faults -->';
const END = '<!-- END faults -->';

/**
 * Adds (or replaces) one row of the faults table in docs/reliability.md, so the document shows
 * what the last run of each fault test survived. Rows are keyed by the fault's name.
 */
export function recordFault(fault: string, during: string, after: string): void {
  const current = existsSync(FILE) ? readFileSync(FILE, 'utf8') : '# Reliability and security\n';
  const at = current.indexOf(BEGIN);
  const until = current.indexOf(END);
  const old = at >= 0 && until > at ? current.slice(at + BEGIN.length, until) : '';
  const rows = new Map<string, string>();
  for (const line of old.split('\n')) {
    const m = /^\| ([^|]+) \|/.exec(line);
    if (m && !line.startsWith('| fault |') && !line.startsWith('| ---')) rows.set(m[1].trim(), line);
  }
  rows.set(fault, `| ${fault} | ${during} | ${after} | ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC |`);
  const table = ['| fault | during the fault | afterwards (nothing lost) | last run |', '| --- | --- | --- | --- |', ...rows.values()].join('\n');
  const block = `${BEGIN}\n${table}\n${END}`;
  const next = at >= 0 && until > at ? current.slice(0, at) + block + current.slice(until + END.length) : `${current.trimEnd()}\n\n${block}\n`;
  writeFileSync(FILE, next);
}

/**
 * Replaces the whole block between `<!-- BEGIN name -->` and `<!-- END name -->` in
 * docs/reliability.md (appended at the end when the markers are missing): for a suite whose
 * figures are a table of their own rather than one row of the faults table (the chaos soak).
 */
export function recordSection(name: string, markdown: string): void {
  const begin = `<!-- BEGIN ${name} -->`;
  const end = `<!-- END ${name} -->`;
  const current = existsSync(FILE) ? readFileSync(FILE, 'utf8') : '# Reliability and security\n';
  const at = current.indexOf(begin);
  const until = current.indexOf(end);
  const block = `${begin}\n${markdown.trim()}\n${end}`;
  const next = at >= 0 && until > at ? current.slice(0, at) + block + current.slice(until + end.length) : `${current.trimEnd()}\n\n${block}\n`;
  writeFileSync(FILE, next);
}
