import { Injectable } from '@nestjs/common';
import type { Decision } from './decision';
import { wellFormedId } from './decision';
import { OBJECT_RULES, type ActionOf, type FactsOf, type ObjectKind } from './rules';
import { CAPABILITY_RULES, type CapabilityFacts, type CapabilityName } from './rules/capabilities';
import type { Subject } from './subject';

/** The signed-in caller as the session guard left it on the request. */
export interface SignedIn {
  user: { id: string; roles: readonly string[] };
}

/**
 * Loads the facts of one object for one person: the owning area's SQL. `null` when the id names
 * nothing (the rule is not asked: 404). `params` are the route's other path parameters (an
 * attachment belongs to the request the path names).
 */
export type ObjectLoader<K extends ObjectKind> = (subject: Subject, id: string, params: Readonly<Record<string, string>>) => Promise<FactsOf<K> | null>;
export type CapabilityLoader<C extends CapabilityName> = (subject: Subject) => Promise<CapabilityFacts<C>>;

/**
 * Where areas plug their loaders in. The rules are the library's; the SQL stays with the area that
 * owns the tables (ADR 0004: one owner per table). One instance per application (AuthorityModule
 * is global); areas register in their module's constructor or onModuleInit.
 */
@Injectable()
export class AccessRegistry {
  private subjects?: (who: SignedIn) => Promise<Subject>;
  private readonly objects = new Map<ObjectKind, ObjectLoader<ObjectKind>>();
  private readonly capabilities = new Map<CapabilityName, CapabilityLoader<CapabilityName>>();

  constructor() {
    // Decided from the person's own facts: no area needs to load anything.
    this.capabilities.set('agenda-administration', async (subject) => subject);
  }

  /** How to load the person behind a session (the agenda module's UserFactsLoader). */
  useSubjects(load: (who: SignedIn) => Promise<Subject>): void {
    this.subjects = load;
  }

  registerObject<K extends ObjectKind>(kind: K, loader: ObjectLoader<K>): void {
    if (this.objects.has(kind)) throw new Error(`Two loaders for object kind "${kind}"`);
    this.objects.set(kind, loader as unknown as ObjectLoader<ObjectKind>);
  }

  registerCapability<C extends CapabilityName>(name: C, loader: CapabilityLoader<C>): void {
    if (this.capabilities.has(name) && name !== 'agenda-administration') throw new Error(`Two loaders for capability "${name}"`);
    this.capabilities.set(name, loader as unknown as CapabilityLoader<CapabilityName>);
  }

  /** Kinds without a loader: routes naming them are refused (fail closed); the access test lists them. */
  missingLoaders(): { objects: ObjectKind[]; capabilities: CapabilityName[] } {
    return {
      objects: (Object.keys(OBJECT_RULES) as ObjectKind[]).filter((k) => !this.objects.has(k)),
      capabilities: (Object.keys(CAPABILITY_RULES) as CapabilityName[]).filter((c) => !this.capabilities.has(c)),
    };
  }

  async subject(who: SignedIn): Promise<Subject> {
    if (!this.subjects) throw new Error('No subject loader registered (AgendasModule registers it)');
    return this.subjects(who);
  }

  /** The facts the rule will see; `null` for an id that names nothing. Exposed for tests and explanations. */
  async objectFacts<K extends ObjectKind>(kind: K, subject: Subject, id: string, params: Readonly<Record<string, string>> = {}): Promise<FactsOf<K> | null> {
    if (!wellFormedId(OBJECT_RULES[kind].id, id)) return null;
    const loader = this.objects.get(kind);
    if (!loader) throw new Error(`No loader registered for object kind "${kind}"`);
    return (await loader(subject, id, params)) as FactsOf<K> | null;
  }

  async decideObject<K extends ObjectKind>(kind: K, action: ActionOf<K>, subject: Subject, id: string, params: Readonly<Record<string, string>> = {}): Promise<Decision> {
    const facts = await this.objectFacts(kind, subject, id, params);
    return facts === null ? 'hide' : decideObjectFacts(kind, action, facts);
  }

  async capabilityFacts<C extends CapabilityName>(name: C, subject: Subject): Promise<CapabilityFacts<C>> {
    const loader = this.capabilities.get(name);
    if (!loader) throw new Error(`No loader registered for capability "${name}"`);
    return (await loader(subject)) as CapabilityFacts<C>;
  }

  async holds(name: CapabilityName, subject: Subject): Promise<boolean> {
    return decideCapabilityFacts(name, await this.capabilityFacts(name, subject));
  }
}

/** The pure part of decideObject: the kind's rule over loaded facts. */
export function decideObjectFacts<K extends ObjectKind>(kind: K, action: ActionOf<K>, facts: FactsOf<K>): Decision {
  const rule = OBJECT_RULES[kind] as unknown as { decide(facts: FactsOf<K>, action: ActionOf<K>): Decision };
  return rule.decide(facts, action);
}

export function decideCapabilityFacts<C extends CapabilityName>(name: C, facts: CapabilityFacts<C>): boolean {
  const rule = CAPABILITY_RULES[name] as unknown as { decide(facts: CapabilityFacts<C>): boolean };
  return rule.decide(facts);
}
