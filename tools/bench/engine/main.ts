/**
 * Throughput of transition() on the grant agenda: `npm run bench:engine`.
 *
 * A complete grant application (submission, formal check, three committee votes, decision,
 * contract, payout, final report) is recorded once; the benchmark then replays its steps,
 * each from the snapshot it was taken on. transition() is pure, so replaying is exactly the
 * work the API does per request. Reported next to it: the share spent in Ajv form validation,
 * and a baseline of a bare state lookup loop measured in the same run on the same machine.
 */
import { agendaDefinitions } from '@agendy/workflow/agendas';
import {
  startRequest,
  transition,
  validateForm,
  type Actor,
  type AgendaDefinition,
  type WorkflowEvent,
  type WorkflowSnapshot,
} from '@agendy/workflow/engine';

const TARGET_PER_SECOND = 20_000;
const WARMUP_MS = 1_000;
const MEASURE_MS = 4_000;

const grant = agendaDefinitions.find((d) => d.code === 'grant-application') as AgendaDefinition;
const now = new Date('2026-11-27T09:00:00Z');
const filer: Actor = { userId: 'jana.novakova', roles: ['employee'], departmentId: 'OKH' };
const officer: Actor = { userId: 'lenka.prochazkova', roles: ['employee', 'agenda-officer'] };
const director: Actor = { userId: 'martin.cerny', roles: ['employee', 'director'] };
const evaluator = (id: string): Actor => ({ userId: id, roles: ['employee'] });

const application = {
  programme: '4.1-kultura',
  applicantName: 'Spolek přátel Ještědu, z. s.',
  applicantIco: '70891508',
  applicantLegalForm: 'spolek',
  applicantAddress: 'Husova 12, 460 01 Liberec',
  statutoryRepresentative: 'Ing. Karel Šťastný',
  contactEmail: 'spolek@jested.example.cz',
  bankAccount: '19-2000145399/0800',
  projectTitle: 'Ještědské hudební léto 2027',
  projectDescription: 'Cyklus šesti venkovních koncertů pod Ještědem pro veřejnost, s důrazem na regionální soubory.',
  projectStart: '2027-06-01',
  projectEnd: '2027-09-30',
  budget: [
    { item: 'Honoráře účinkujících', category: 'osobni', amount: 35000 },
    { item: 'Pronájem ozvučení', category: 'sluzby', amount: 15000 },
    { item: 'Propagace', category: 'sluzby', amount: 10000 },
  ],
  totalCost: 60000,
  requestedAmount: 40000,
  ownShare: 20000,
  attachments: [{ fileId: 'f1', name: 'ucet.pdf' }],
};

interface Step {
  snapshot: WorkflowSnapshot;
  event: WorkflowEvent;
  actor: Actor;
}

function recordHappyPath(): Step[] {
  const started = startRequest(grant, { id: 'BENCH-1', agendaCode: grant.code, filerId: filer.userId, filerDepartmentId: 'OKH', createdAt: now.toISOString() }, filer, now);
  if (!started.ok) throw new Error(JSON.stringify(started.error));
  const plan: Array<[WorkflowEvent, Actor]> = [
    [{ type: 'transition', name: 'submit', data: application }, filer],
    [{ type: 'transition', name: 'accept-formally', data: { evaluators: ['h1', 'h2', 'h3', 'h4'] } }, officer],
    [{ type: 'vote', vote: 'approve' }, evaluator('h1')],
    [{ type: 'vote', vote: 'approve' }, evaluator('h2')],
    [{ type: 'vote', vote: 'approve' }, evaluator('h3')],
    [{ type: 'transition', name: 'propose-decision' }, officer],
    [{ type: 'transition', name: 'approve-grant', data: { approvedAmount: 40000 } }, director],
    [{ type: 'transition', name: 'contract-signed', data: { contractNumber: 'OLP/1/2027' } }, officer],
    [{ type: 'transition', name: 'record-payout', data: { paidOn: '2027-03-01', paidAmount: 40000 } }, officer],
    [{ type: 'transition', name: 'submit-final-report', data: { finalReport: [{ fileId: 'f2', name: 'zprava.pdf' }], finalCostTotal: 60000 } }, filer],
    [{ type: 'transition', name: 'accept-report' }, officer],
  ];
  const steps: Step[] = [];
  let snapshot = started.value.snapshot;
  for (const [event, actor] of plan) {
    const result = transition(grant, snapshot, event, actor, now);
    if (!result.ok) throw new Error(`${JSON.stringify(event)}: ${JSON.stringify(result.error)}`);
    steps.push({ snapshot, event, actor });
    snapshot = result.value.snapshot;
  }
  if (snapshot.state !== 'closed') throw new Error(`happy path ended in ${snapshot.state}`);
  return steps;
}

/** Runs `body` (which performs `opsPerCall` operations) for a fixed time; returns operations per second. */
function measure(body: () => number): number {
  const warmupEnd = performance.now() + WARMUP_MS;
  while (performance.now() < warmupEnd) body();
  let ops = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < MEASURE_MS) {
    ops += body();
    elapsed = performance.now() - start;
  }
  return (ops / elapsed) * 1000;
}

function main(): void {
  const steps = recordHappyPath();
  // The data each validating step sees, so that the Ajv share is measured on the same inputs.
  const validations = steps
    .filter((s) => s.event.type === 'transition')
    .map((s) => ({ ...s.snapshot.data, ...((s.event.type === 'transition' && s.event.data) || {}) }));

  let sink = 0;
  const transitionsPerSecond = measure(() => {
    for (const step of steps) {
      const result = transition(grant, step.snapshot, step.event, step.actor, now);
      if (!result.ok) throw new Error('benchmark step refused');
      sink += result.value.effects.length;
    }
    return steps.length;
  });

  const validationsPerSecond = measure(() => {
    for (const data of validations) sink += validateForm(grant, data, now).length;
    return validations.length;
  });

  // Baseline: the least any engine must do per event: find the transition for the state.
  const transitions = grant.workflow.transitions;
  const baselinePerSecond = measure(() => {
    for (const step of steps) {
      const name = step.event.type === 'transition' ? step.event.name : 'vote';
      const found = transitions.find((t) => t.name === name && (Array.isArray(t.from) ? t.from.includes(step.snapshot.state) : t.from === step.snapshot.state));
      sink += found ? 1 : 0;
    }
    return steps.length;
  });

  // Ajv time per transition = validations per step × time per validation.
  const ajvSecondsPerTransition = validations.length / steps.length / validationsPerSecond;
  const ajvShare = ajvSecondsPerTransition * transitionsPerSecond;
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

  console.log(`agenda: ${grant.code} v${grant.version}, ${steps.length} steps per happy path (${validations.length} with form validation), Node ${process.version}`);
  console.log(`transition():              ${fmt(transitionsPerSecond)} transitions/s  (${(1e6 / transitionsPerSecond).toFixed(1)} µs each)`);
  console.log(`Ajv form validation alone: ${fmt(validationsPerSecond)} validations/s  → ${(ajvShare * 100).toFixed(1)} % of transition time`);
  console.log(`baseline (state lookup):   ${fmt(baselinePerSecond)} lookups/s  → transition() costs ${(baselinePerSecond / transitionsPerSecond).toFixed(0)}× a bare lookup`);
  const pass = transitionsPerSecond > TARGET_PER_SECOND;
  // Consuming the results keeps the optimiser from discarding the measured work.
  if (!Number.isFinite(sink)) throw new Error('unreachable');
  console.log(`target > ${fmt(TARGET_PER_SECOND)}/s on one core: ${pass ? 'PASS' : 'FAIL'}`);
  process.exitCode = pass ? 0 : 1;
}

main();
