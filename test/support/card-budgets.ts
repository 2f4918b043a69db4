/**
 * Card budgets (#14, docs/cards.md): how much a card of each kind may put in front of a person. A card is measured
 * as rendered when it arrives: sections hidden behind a toggle (isVisible: false) and Action.ShowCard cards are not
 * counted until opened. Elements: every body element (containers and column sets included), fact, input and button.
 * Text: the characters of every text block and run, fact title and value, input label and button title.
 */
export type CardKind = 'notice' | 'status' | 'form' | 'detail' | 'list' | 'export';

export interface Budget {
  elements: number;
  chars: number;
  /** What the kind is for, in the words of the design note. */
  purpose: string;
}

export const BUDGETS: Record<CardKind, Budget> = {
  notice: { elements: 14, chars: 700, purpose: 'a confirmation, refusal or question with a few buttons' },
  status: { elements: 45, chars: 2_000, purpose: 'where something stands, the decision to take and its buttons' },
  form: { elements: 80, chars: 4_000, purpose: 'one step of a form: its questions, errors and buttons' },
  detail: { elements: 40, chars: 2_000, purpose: 'one record at a glance; the rest behind toggles' },
  list: { elements: 120, chars: 5_000, purpose: 'a page of items, each one line or two with its button' },
  export: { elements: 400, chars: 20_000, purpose: 'a copyable text export (fits one Teams message)' },
};

export interface CardMeasure {
  elements: number;
  chars: number;
}

type Json = Record<string, unknown>;

const str = (v: unknown): number => (typeof v === 'string' ? v.length : 0);

/** Elements and text of a card as it is first rendered. */
export function measureCard(card: unknown): CardMeasure {
  const m: CardMeasure = { elements: 0, chars: 0 };
  const actions = (list: unknown) => {
    for (const a of (Array.isArray(list) ? list : []) as Json[]) {
      m.elements += 1;
      m.chars += str(a.title);
    }
  };
  const walk = (items: unknown) => {
    for (const el of (Array.isArray(items) ? items : []) as Json[]) {
      if (!el || typeof el !== 'object' || el.isVisible === false) continue;
      m.elements += 1;
      m.chars += str(el.text) + str(el.label);
      if (el.type === 'FactSet')
        for (const f of (el.facts ?? []) as Json[]) {
          m.elements += 1;
          m.chars += str(f.title) + str(f.value);
        }
      if (el.type === 'RichTextBlock') for (const r of (el.inlines ?? []) as Json[]) m.chars += str(r.text);
      if (el.type === 'ActionSet') actions(el.actions);
      walk(el.items);
      for (const col of (el.columns ?? []) as Json[]) walk(col.items);
    }
  };
  const root = card as Json;
  walk(root.body);
  actions(root.actions);
  return m;
}

/** The problems of a card against its kind's budget (empty when it fits). */
export function overBudget(card: unknown, kind: CardKind): string[] {
  const m = measureCard(card);
  const b = BUDGETS[kind];
  const out: string[] = [];
  if (m.elements > b.elements) out.push(`${m.elements} elements (budget for a ${kind} card: ${b.elements})`);
  if (m.chars > b.chars) out.push(`${m.chars} characters of text (budget for a ${kind} card: ${b.chars})`);
  return out;
}
