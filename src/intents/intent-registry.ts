import { KNOWLEDGE_QUESTION, type IntentDefinition, type Role } from './intent';

export type SlotResult = { ok: true; slots: Record<string, unknown> } | { ok: false; issues: string[] };

/** Every intent the assistant understands; nothing outside it can be run, whoever (or whatever model) asks. */
export class IntentRegistry {
  private readonly byId = new Map<string, IntentDefinition>();

  constructor(definitions: readonly IntentDefinition[]) {
    for (const d of definitions) {
      if (!/^[a-z]+\.[a-z-]+$/.test(d.id)) throw new Error(`Intent id "${d.id}" must look like capability.action.`);
      if (this.byId.has(d.id)) throw new Error(`Intent "${d.id}" is declared twice.`);
      this.byId.set(d.id, d);
    }
    if (!this.byId.has(KNOWLEDGE_QUESTION)) throw new Error(`The registry needs the "${KNOWLEDGE_QUESTION}" class.`);
  }

  all(): IntentDefinition[] {
    return [...this.byId.values()];
  }

  get(id: string): IntentDefinition | undefined {
    return this.byId.get(id);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** Whether someone with these roles may use the intent. */
  allows(id: string, roles: ReadonlySet<Role>): boolean {
    const d = this.byId.get(id);
    return Boolean(d) && d!.roles.some((r) => r === 'everyone' || roles.has(r));
  }

  /** Validates raw slot values (from the text or a model) against the intent's schema. */
  parseSlots(id: string, raw: unknown): SlotResult {
    const d = this.byId.get(id);
    if (!d) return { ok: false, issues: [`unknown intent ${id}`] };
    const parsed = d.slots.strict().safeParse(raw ?? {});
    if (!parsed.success)
      return { ok: false, issues: parsed.error.issues.map((i) => `${i.path.join('.') || 'slots'}: ${i.message}`) };
    return { ok: true, slots: parsed.data };
  }

  /** The slots read from the text; a value that fails validation is dropped rather than failing the request. */
  slotsFromText(id: string, text: string): Record<string, unknown> {
    const d = this.byId.get(id);
    if (!d?.extractSlots) return {};
    const raw = d.extractSlots(text);
    const slots: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(raw)) {
      if (value === undefined) continue;
      const parsed = this.parseSlots(id, { [key]: value });
      if (parsed.ok) slots[key] = parsed.slots[key];
    }
    return slots;
  }

  /** The exact command that matches the whole message, if any. */
  exactMatch(text: string): IntentDefinition | undefined {
    for (const d of this.byId.values()) if (d.exact?.some((p) => p.test(text))) return d;
    return undefined;
  }
}
