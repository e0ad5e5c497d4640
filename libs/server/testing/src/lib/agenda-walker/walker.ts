import type { DocumentInfo, PartyRef, RequestDetail } from '@agendy/shared/contracts';
import type { Actor, AgendaDefinition, FormData } from '@agendy/workflow/engine';
import { ApiSession, type ApiAnswer, type HttpObserver } from './api-session';
import { chooseMove, DEFAULT_BIAS, moveKey, patchBody, STEP_COMMENT, transitionBody, type ActionMove, type ChoiceBias, type Move, type SignMove } from './choose';
import { partyHolders, stepTakers, type WalkDirectory, type WalkPerson } from './directory';
import { FixtureIdentities, fileFields, materialise, shiftFutureDates, type AttachmentRef, type Materialiser } from './materialise';
import { chance, pick, shuffled, type Rng } from './rng';

/**
 * A random walk of one request through a real, running Agendy over HTTP — what a person would do
 * in the browser, chosen at random:
 *
 *  1. a random person files a draft of the agenda with one of the fixture's datasets, made real
 *     (people, departments, uploaded files; future dates moved so walks do not compete for slots);
 *  2. at each step the people likely to be involved (the assignees, the voters still to vote, the
 *     filer; everyone else if none of them can act) open the request — the detail as each of them
 *     sees it lists what they may do — and the documents awaiting their signature;
 *  3. one move is chosen (biased to the happy path, see `DEFAULT_BIAS`) and made: a step with the
 *     fields it edits (fixture step data), a vote, or a signature (a certificate is issued once per
 *     signer; a qualified signature is made outside by `qualifiedSigner`);
 *  4. when nobody can act, the walk waits for the system (worker effects: documents, seals, system
 *     steps, bookings) and ends as `stuck` if nothing moves — naming the parties it waited for.
 *
 * Every POST/PATCH carries an Idempotency-Key and is retried safely (`ApiSession`). A refusal (4xx)
 * is counted and the move is not offered again at that version. Reuse it for generated assignment
 * tests and soaks; `chooseMove`, `materialise` and friends are pure and usable on their own.
 */

/** The engine-level fixture of an agenda (libs/workflow/agendas/src/fixtures): datasets, step data, actors. */
export interface WalkFixtureLike {
  datasets: FormData[];
  stepData?: Record<string, FormData>;
  actors: Actor[];
}

export type WalkOutcome = 'final' | 'stuck' | 'refused-at-filing' | 'max-steps' | 'stopped' | 'error';

export interface WalkResult {
  agenda: string;
  filer: string;
  requestId?: string;
  reference?: string;
  outcome: WalkOutcome;
  /** The state the walk ended in. */
  state: string;
  /** Steps and votes accepted. */
  steps: number;
  /** Signatures made (not seals: the worker makes those). */
  signatures: number;
  /** States in the order they were reached. */
  path: string[];
  /** Refusals by `status code`, e.g. `409 STALE`, `422 GUARD_FAILED`. */
  refusals: Record<string, number>;
  /** For `stuck`: whom the request waited for (assignees, open votes and signatures). */
  waitingFor?: string[];
  error?: string;
}

export interface WalkerOptions {
  /** The api's base URL, e.g. http://127.0.0.1:3000. */
  base: string;
  directory: WalkDirectory;
  /** The published definitions by agenda code. */
  definitions: Record<string, AgendaDefinition>;
  fixtures: Record<string, WalkFixtureLike>;
  password?: string;
  observer?: HttpObserver;
  bias?: ChoiceBias;
  /** Accepted moves per walk before it gives up (default 60). */
  maxSteps?: number;
  /** How long the walk waits for the system when nobody can act (default 60 s). */
  systemWaitMs?: number;
  /** Pause between moves, a person reading the page (default 50–300 ms). */
  thinkMs?: [number, number];
  /** Makes a qualified signature outside Agendy: the PDF with one more signature appended. Without it, qualified signatures are never made. */
  qualifiedSigner?: (pdf: Buffer, signer: WalkPerson) => Promise<Uint8Array>;
  /** Checked between moves: a walk ends as `stopped` when it says so. */
  shouldStop?: () => boolean;
  /** Today in Europe/Prague (YYYY-MM-DD); dates after it are moved per walk. */
  today?: string;
  /** Occasional extra reads and writes a person makes on the way (inbox, comments). Default true. */
  extras?: boolean;
  /**
   * Makes fixture data unique per walk where the office needs unique values (a regulation number
   * is issued once): applied to the filing data and to each step's data, before materialisation.
   */
  vary?: (agenda: string, data: FormData, serial: number) => FormData;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A minimal PDF (sniffed as PDF by the upload check) and a 1×1 PNG, for fixture attachments. */
const PDF_BYTES = Buffer.from('%PDF-1.7\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
const PNG_BYTES = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

function pragueToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Prague', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/**
 * The sessions of one virtual user: one per person, logged in on first use. A virtual user is
 * somebody with every demo account open in its own tab.
 */
export class SessionPool {
  private readonly sessions = new Map<string, Promise<ApiSession>>();

  constructor(
    private readonly base: string,
    private readonly options: { password?: string; observer?: HttpObserver } = {},
  ) {}

  of(person: WalkPerson): Promise<ApiSession> {
    let s = this.sessions.get(person.id);
    if (!s) {
      const session = new ApiSession(this.base, person.username, this.options);
      s = session.login().then(() => session);
      // A failed login is not kept: the next use tries again.
      s.catch(() => this.sessions.delete(person.id));
      this.sessions.set(person.id, s);
    }
    return s;
  }
}

function describeParty(p: PartyRef): string {
  switch (p.kind) {
    case 'user':
      return p.displayName ?? `user ${p.userId}`;
    case 'role':
      return `role ${p.role}`;
    case 'departmentManager':
      return `head of ${p.departmentName ?? p.departmentId}`;
  }
}

/** Signatures still to be made, as `level (signer)`. */
function pendingSignatures(docs: DocumentInfo[]): string[] {
  return docs.filter((d) => d.status === 'signing').flatMap((d) => d.signatures.filter((s) => s.status === 'pending').map((s) => `${s.level} signature (${s.signerLabel ?? 'office seal'})`));
}

/** What decides whether the system moved: the request's version and its documents' states. */
function fingerprint(detail: RequestDetail, docs: DocumentInfo[] | undefined): string {
  return `${detail.version}|${(docs ?? []).map((d) => `${d.id}:${d.status}:${d.signatures.map((s) => s.status).join(',')}`).join(';')}`;
}

export class AgendaWalker {
  /** People who have an active signing certificate (issued once per person, shared by all walks). */
  private readonly certified = new Set<string>();

  constructor(private readonly o: WalkerOptions) {}

  /**
   * Walks one request of `agenda`. `serial` is unique per walk (the dates of walk n are moved by
   * 14·n days); `sessions` are the virtual user's; `rng` makes every choice.
   */
  async walk(agenda: string, sessions: SessionPool, rng: Rng, serial: number): Promise<WalkResult> {
    const definition = this.o.definitions[agenda];
    const fixture = this.o.fixtures[agenda];
    if (!definition || !fixture) throw new Error(`no definition or fixture for ${agenda}`);
    const filer = pick(rng, this.o.directory.people);
    const result: WalkResult = { agenda, filer: filer.username, outcome: 'error', state: '', steps: 0, signatures: 0, path: [], refusals: {} };
    try {
      await new Walk(this, this.o, definition, fixture, filer, sessions, rng, serial, result).run();
    } catch (e) {
      result.outcome = 'error';
      result.error = (e as Error).message.slice(0, 500);
    }
    return result;
  }

  /** Issues the person a signing certificate unless they have one (201, or 409: one is active). */
  async ensureCertificate(session: ApiSession, person: WalkPerson): Promise<void> {
    if (this.certified.has(person.id)) return;
    const res = await session.post('/api/v1/pki/me/certificate', {});
    if (res.status !== 201 && res.status !== 409) throw new Error(`certificate for ${person.username}: ${res.status} ${res.code ?? ''}`);
    this.certified.add(person.id);
  }
}

/** The state of one walk; see AgendaWalker for the algorithm. */
class Walk {
  private requestId = '';
  private dataset: FormData = {};
  private readonly identities: FixtureIdentities;
  private readonly shiftDays: number;
  private readonly today: string;
  /** Moves refused at a version: `version|moveKey`. */
  private readonly refused = new Set<string>();
  private readonly stepData = new Map<string, FormData>();

  constructor(
    private readonly walker: AgendaWalker,
    private readonly o: WalkerOptions,
    private readonly definition: AgendaDefinition,
    private readonly fixture: WalkFixtureLike,
    private readonly filer: WalkPerson,
    private readonly sessions: SessionPool,
    private readonly rng: Rng,
    private readonly serial: number,
    private readonly result: WalkResult,
  ) {
    this.identities = new FixtureIdentities(o.directory, definition, filer, fixture.actors, rng);
    this.shiftDays = 14 * this.serial;
    this.today = o.today ?? pragueToday();
  }

  async run(): Promise<void> {
    if (!(await this.file())) return;
    const maxSteps = this.o.maxSteps ?? 60;
    for (;;) {
      const detail = await this.detailAs(this.filer);
      if (!detail) throw new Error(`the filer ${this.filer.username} cannot see their request`);
      this.reached(detail.state.id);
      if (detail.final) return this.end('final', detail.state.id);
      if (this.o.shouldStop?.()) return this.end('stopped', detail.state.id);
      if (this.result.steps >= maxSteps) return this.end('max-steps', detail.state.id);
      const { moves, docs } = await this.gatherMoves(detail);
      const move = chooseMove(moves, detail.state.id, this.rng, this.o.bias ?? DEFAULT_BIAS);
      if (!move) {
        const moved = await this.waitForSystem(detail, docs);
        if (moved === 'stopped') return this.end('stopped', detail.state.id);
        if (!moved) {
          this.result.waitingFor = [...detail.assignees.map(describeParty), ...(detail.approval?.slots.filter((s) => !s.vote).map((s) => `vote of ${describeParty(s.party)}`) ?? []), ...pendingSignatures(docs ?? [])];
          return this.end('stuck', detail.state.id);
        }
        continue;
      }
      await this.make(move, detail);
      const [lo, hi] = this.o.thinkMs ?? [50, 300];
      await sleep(lo + this.rng.next() * (hi - lo));
    }
  }

  private end(outcome: WalkOutcome, state: string): void {
    this.result.outcome = outcome;
    this.result.state = state;
  }

  private reached(state: string): void {
    if (this.result.path[this.result.path.length - 1] !== state) this.result.path.push(state);
  }

  private refusal(res: ApiAnswer): void {
    const key = `${res.status} ${res.code ?? ''}`.trim();
    this.result.refusals[key] = (this.result.refusals[key] ?? 0) + 1;
  }

  /** Files the draft (files need the request first: they are uploaded next and sent with the first step that edits them). */
  private async file(): Promise<boolean> {
    const raw = this.prepared(pick(this.rng, this.fixture.datasets));
    const files = new Set(fileFields(this.definition));
    const withoutFiles = Object.fromEntries(Object.entries(raw).filter(([k]) => !files.has(k)));
    const session = await this.sessions.of(this.filer);
    const initial = await materialise(this.definition, withoutFiles, this.materialiser(this.filer));
    const created = await session.post('/api/v1/requests', { agenda: this.definition.code, data: initial });
    if (created.status !== 201) {
      this.refusal(created);
      this.end('refused-at-filing', '');
      return false;
    }
    const detail = created.body as RequestDetail;
    this.requestId = detail.id;
    this.result.requestId = detail.id;
    this.result.reference = detail.reference;
    this.reached(detail.state.id);
    this.dataset = await materialise(this.definition, raw, this.materialiser(this.filer));
    return true;
  }

  /** Fixture data of this walk: future dates moved, unique values made unique (`vary`). */
  private prepared(raw: FormData): FormData {
    const shifted = shiftFutureDates(this.definition, raw, this.shiftDays, this.today);
    return this.o.vary ? this.o.vary(this.definition.code, shifted, this.serial) : shifted;
  }

  /** People and departments from the walk's mapping; files uploaded to the request by `uploader`. */
  private materialiser(uploader: WalkPerson): Materialiser {
    return {
      user: (id) => this.identities.user(id),
      department: (code) => this.identities.department(code),
      file: (a) => this.upload(uploader, a),
    };
  }

  private async upload(person: WalkPerson, a: AttachmentRef): Promise<AttachmentRef> {
    if (!this.requestId) throw new Error('a file field in the filing data: it is uploaded after the draft exists');
    const session = await this.sessions.of(person);
    const png = /png$/i.test(a.mediaType ?? '') || /\.png$/i.test(a.name);
    const res = await session.upload(`/api/v1/requests/${this.requestId}/attachments?filename=${encodeURIComponent(a.name)}`, png ? PNG_BYTES : PDF_BYTES, 'application/octet-stream');
    if (res.status !== 201) throw new Error(`upload of ${a.name} by ${person.username}: ${res.status} ${res.code ?? ''}`);
    const info = res.body as AttachmentRef;
    return { fileId: info.fileId, name: info.name, mediaType: info.mediaType, size: info.size };
  }

  private async detailAs(person: WalkPerson): Promise<RequestDetail | undefined> {
    const res = await (await this.sessions.of(person)).get(`/api/v1/requests/${this.requestId}`);
    if (res.status === 404 || res.status === 403) return undefined;
    if (res.status !== 200) throw new Error(`detail as ${person.username}: ${res.status} ${res.code ?? ''}`);
    return res.body as RequestDetail;
  }

  private async documentsAs(person: WalkPerson): Promise<DocumentInfo[] | undefined> {
    const res = await (await this.sessions.of(person)).get(`/api/v1/requests/${this.requestId}/documents`);
    if (res.status === 404 || res.status === 403) return undefined;
    if (res.status !== 200) throw new Error(`documents as ${person.username}: ${res.status} ${res.code ?? ''}`);
    return (res.body as { items: DocumentInfo[] }).items;
  }

  /**
   * The people to ask first: those the request waits for (assignees, voters still to vote), those
   * the definition lets take a step out of the current state (a facility manager may close a room
   * booking assigned to its filer), and the filer.
   */
  private likelyPeople(detail: RequestDetail): WalkPerson[] {
    const parties = [...detail.assignees, ...(detail.approval?.slots.filter((s) => !s.vote).map((s) => s.party) ?? [])];
    const found = [
      ...parties.flatMap((party) => partyHolders(this.o.directory, this.definition, party)),
      ...stepTakers(this.o.directory, this.definition, detail.state.id, this.filer),
      this.filer,
    ];
    const people = new Map<string, WalkPerson>();
    for (const p of shuffled(this.rng, found)) people.set(p.id, p);
    return [...people.values()];
  }

  /**
   * Everything the likely people may do now: their steps and votes, and signatures whose turn has
   * come. Nobody of them → everybody else is asked, until someone can act.
   */
  private async gatherMoves(detail: RequestDetail): Promise<{ moves: Move[]; docs: DocumentInfo[] | undefined }> {
    const docs = detail.documents.length > 0 ? await this.documentsAs(this.filer) : undefined;
    const signing = (docs ?? []).some((d) => d.status === 'signing' && d.signatures.some((s) => s.status === 'pending' && s.level !== 'seal'));
    const moves: Move[] = [];
    const ask = async (person: WalkPerson) => {
      const seen = person.id === this.filer.id ? detail : await this.detailAs(person);
      if (!seen || seen.version !== detail.version) return;
      for (const action of seen.availableTransitions) moves.push({ type: 'action', person, action });
      if (!signing) return;
      const theirs = person.id === this.filer.id ? docs : await this.documentsAs(person);
      for (const d of theirs ?? []) {
        for (const s of d.signatures) {
          if (!s.canSign || s.status !== 'pending' || s.level === 'seal') continue;
          if (s.level === 'qualified' && !this.o.qualifiedSigner) continue;
          moves.push({ type: 'sign', person, documentId: d.id, taskId: s.id, level: s.level });
        }
      }
    };
    const open = () => moves.filter((m) => !this.refused.has(`${detail.version}|${moveKey(m)}`) && (m.type === 'sign' || m.action.enabled));
    const likely = this.likelyPeople(detail);
    for (const p of likely) await ask(p);
    if (open().length === 0) {
      for (const p of shuffled(this.rng, this.o.directory.people.filter((x) => !likely.includes(x)))) {
        await ask(p);
        if (open().length > 0) break;
      }
    }
    return { moves: open(), docs };
  }

  /** Polls the request until its version or its documents change (the worker did something), or the wait is over. */
  private async waitForSystem(detail: RequestDetail, docs: DocumentInfo[] | undefined): Promise<boolean | 'stopped'> {
    const before = fingerprint(detail, docs);
    const until = Date.now() + (this.o.systemWaitMs ?? 60_000);
    while (Date.now() < until) {
      await sleep(500);
      if (this.o.shouldStop?.()) return 'stopped';
      const now = await this.detailAs(this.filer);
      if (!now) return false;
      const nowDocs = now.documents.length > 0 ? await this.documentsAs(this.filer) : undefined;
      if (fingerprint(now, nowDocs) !== before) return true;
    }
    return false;
  }

  /** The fixture's data for a step, made real (files uploaded by the person taking it), once per step name. */
  private async stepDataFor(name: string, person: WalkPerson): Promise<FormData | undefined> {
    const raw = this.fixture.stepData?.[name];
    if (!raw) return undefined;
    const known = this.stepData.get(name);
    if (known) return known;
    const real = await materialise(this.definition, this.prepared(raw), this.materialiser(person));
    this.stepData.set(name, real);
    return real;
  }

  private async make(move: Move, detail: RequestDetail): Promise<void> {
    const session = await this.sessions.of(move.person);
    if (this.o.extras !== false) await this.extras(session);
    const res = move.type === 'sign' ? await this.sign(session, move) : await this.act(session, move, detail);
    if (res.status >= 200 && res.status < 300) {
      if (move.type === 'sign') this.result.signatures++;
      else this.result.steps++;
      return;
    }
    // The first attempt committed but its answer was lost: the move was made.
    if (res.status === 409 && res.code === 'IDEMPOTENCY_KEY_COMPLETED') return;
    this.refusal(res);
    // STALE: the system moved the request meanwhile; the move may well be fine at the new version.
    if (!(res.status === 409 && res.code === 'STALE')) this.refused.add(`${detail.version}|${moveKey(move)}`);
  }

  private async act(session: ApiSession, move: ActionMove, detail: RequestDetail): Promise<ApiAnswer> {
    const { action, person } = move;
    const patch = patchBody(action, detail.state.id, this.dataset, detail.version, this.rng);
    if (patch) return session.patch(`/api/v1/requests/${this.requestId}`, patch);
    const body = transitionBody(action, this.dataset, await this.stepDataFor(action.name, person), detail.version, this.rng);
    return session.post(`/api/v1/requests/${this.requestId}/transitions`, body);
  }

  private async sign(session: ApiSession, move: SignMove): Promise<ApiAnswer> {
    const path = `/api/v1/documents/${move.documentId}/signatures/${move.taskId}`;
    if (move.level === 'qualified' && this.o.qualifiedSigner) {
      const pdf = await session.download(`/api/v1/documents/${move.documentId}/pdf`);
      const signed = await this.o.qualifiedSigner(pdf, move.person);
      return session.upload(`${path}/signed-pdf`, signed, 'application/pdf');
    }
    if (move.level === 'advanced') await this.walker.ensureCertificate(session, move.person);
    return session.post(path, { password: this.o.password ?? 'demo' });
  }

  /** What people do on the way: look at the inbox, now and then write a comment. */
  private async extras(session: ApiSession): Promise<void> {
    if (chance(this.rng, 0.25)) await session.get('/api/v1/tasks');
    if (chance(this.rng, 0.05)) await session.post(`/api/v1/requests/${this.requestId}/comments`, { body: STEP_COMMENT });
  }
}
