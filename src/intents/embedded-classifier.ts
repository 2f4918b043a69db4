import { KNOWLEDGE_QUESTION, type IntentDecision } from './intent';
import type { IntentRegistry } from './intent-registry';
import { asksPermissionWithCondition, features, TypoCorrector, words } from './text-features';

/** The thresholds of the decision; measured with `npm run eval:intents` on the tuning set only. */
export interface ClassifierTuning {
  /** Below this similarity no command is considered: the message is a question for the playbooks. */
  minCommandScore: number;
  /** When the best two readings are closer than this, ask which one was meant. */
  margin: number;
  /** A question this close to a command gets that command as a button under its answer. */
  offerScore: number;
}

/** What a slot value found in the text adds to an intent's similarity. */
const SLOT_EVIDENCE = 0.05;

export const DEFAULT_TUNING: ClassifierTuning = { minCommandScore: 0.34, margin: 0.05, offerScore: 0.45 };

interface Example {
  classId: string;
  /** For a question about a process: the intent that starts it. */
  about?: string;
  norm: number;
}

export interface ClassScore {
  intent: string;
  score: number;
}

/** Similarities of a message to every class; `knowledge` is the questions class, with the process it is about. */
export interface Scores {
  commands: ClassScore[];
  knowledge: { score: number; about?: string };
}

/**
 * Nearest-example classifier over the registry's example phrasings, without a model: stemmed words, stem pairs and
 * character trigrams, weighted by how few intents use them, compared by cosine similarity. Typos one edit away from
 * a known word are corrected first. Built once at start-up; a call costs a few microseconds.
 */
export class EmbeddedClassifier {
  private readonly featureIds = new Map<string, number>();
  private idf: Float64Array = new Float64Array(0);
  private unknownIdf = 1;
  private readonly examples: Example[] = [];
  /** Feature id -> [example index, weight, example index, weight, ...]. */
  private postings: number[][] = [];
  private readonly corrector: TypoCorrector;
  private readonly commandIds: string[];

  constructor(
    private readonly registry: IntentRegistry,
    private readonly tuning: ClassifierTuning = DEFAULT_TUNING,
  ) {
    const visible = registry.all().filter((d) => !d.hidden);
    const raw: Array<{ classId: string; about?: string; text: string }> = [];
    for (const d of visible) {
      for (const text of d.examples) raw.push({ classId: d.id, text });
      for (const text of d.processQuestions ?? []) raw.push({ classId: KNOWLEDGE_QUESTION, about: d.id, text });
    }
    this.commandIds = visible.filter((d) => d.id !== KNOWLEDGE_QUESTION).map((d) => d.id);
    const tokenLists = raw.map((r) => words(r.text));
    this.corrector = new TypoCorrector(tokenLists.flat());

    const vectors = tokenLists.map((t) => features(t));
    const classesOf = new Map<string, Set<string>>();
    vectors.forEach((v, i) => {
      for (const key of v.keys()) {
        const set = classesOf.get(key) ?? new Set<string>();
        set.add(raw[i].classId);
        classesOf.set(key, set);
      }
    });
    const classCount = new Set(raw.map((r) => r.classId)).size;
    this.idf = new Float64Array(classesOf.size);
    for (const [key, classes] of classesOf) {
      const id = this.featureIds.size;
      this.featureIds.set(key, id);
      this.idf[id] = Math.log(1 + classCount / classes.size);
      this.postings.push([]);
    }
    this.unknownIdf = Math.log(1 + classCount);
    vectors.forEach((v, index) => {
      let sq = 0;
      for (const [key, tf] of v) {
        const id = this.featureIds.get(key)!;
        const w = tf * this.idf[id];
        sq += w * w;
        this.postings[id].push(index, w);
      }
      this.examples.push({ classId: raw[index].classId, about: raw[index].about, norm: Math.sqrt(sq) || 1 });
    });
  }

  /** Cosine similarity of the message to the nearest example of each class. */
  scores(text: string): Scores {
    return this.scoresOf(this.tokens(text));
  }

  /** The message's words with typos one edit from a known word corrected. */
  private tokens(text: string): string[] {
    return words(text).map((w) => this.corrector.correct(w));
  }

  private scoresOf(tokens: string[]): Scores {
    const query = features(tokens);
    const dots = new Float64Array(this.examples.length);
    let sq = 0;
    for (const [key, tf] of query) {
      const id = this.featureIds.get(key);
      const w = tf * (id === undefined ? this.unknownIdf : this.idf[id]);
      sq += w * w;
      if (id === undefined) continue;
      const list = this.postings[id];
      for (let i = 0; i < list.length; i += 2) dots[list[i]] += w * list[i + 1];
    }
    const norm = Math.sqrt(sq) || 1;
    const best = new Map<string, number>();
    let knowledge = { score: 0, about: undefined as string | undefined };
    for (let i = 0; i < dots.length; i += 1) {
      if (dots[i] === 0) continue;
      const e = this.examples[i];
      const score = dots[i] / (norm * e.norm);
      if (e.classId === KNOWLEDGE_QUESTION) {
        if (score > knowledge.score) knowledge = { score, about: e.about };
      } else if (score > (best.get(e.classId) ?? 0)) best.set(e.classId, score);
    }
    const commands = this.commandIds
      .map((intent) => ({ intent, score: best.get(intent) ?? 0 }))
      .sort((a, b) => b.score - a.score);
    return { commands, knowledge };
  }

  /**
   * The process a question is about, offered as a button under its answer: only when the question is close to a
   * "how do I ..." example and to the process itself, or very close to a command; otherwise no button (most questions).
   */
  private offerFor(commands: ClassScore[], knowledge: Scores['knowledge']): string | undefined {
    const t = this.tuning;
    const about = knowledge.about ? commands.find((c) => c.intent === knowledge.about) : undefined;
    if (about && knowledge.score >= t.offerScore && about.score >= t.minCommandScore / 2) return about.intent;
    return commands[0] && commands[0].score >= t.offerScore ? commands[0].intent : undefined;
  }

  /** Run a command, answer a question (maybe with a button that starts the process it is about), or ask which was meant. */
  decide(text: string): IntentDecision {
    const tokens = this.tokens(text);
    const exact = this.registry.exactMatch(text.trim()) ?? this.registry.exactMatch(tokens.join(' '));
    if (exact)
      return {
        kind: 'run',
        intent: exact.id,
        slots: this.registry.slotsFromText(exact.id, text),
        source: 'exact',
        score: 1,
      };
    const { commands: ranked, knowledge } = this.scoresOf(tokens);
    // A slot value in the text (a use-case code, a category) is evidence for the intents that take it.
    const commands = ranked
      .slice(0, 4)
      .map((c) =>
        Object.keys(this.registry.slotsFromText(c.intent, text)).length ? { ...c, score: c.score + SLOT_EVIDENCE } : c,
      )
      .sort((a, b) => b.score - a.score);
    const [first, second] = commands;
    const t = this.tuning;
    if (!first || first.score < t.minCommandScore || knowledge.score >= first.score) {
      return { kind: 'answer', offer: this.offerFor(commands, knowledge), source: 'embedded', score: knowledge.score };
    }
    // Nearly as close to a question, or asking whether the rules allow the command under a condition ("can I
    // submit a use case by email?"): answer it, with the command as a button (an answer never does anything unasked).
    if (first.score - knowledge.score < t.margin || asksPermissionWithCondition(text))
      return { kind: 'answer', offer: first.intent, source: 'embedded', score: knowledge.score };
    if (second && first.score - second.score < t.margin)
      return { kind: 'clarify', options: [first.intent, second.intent], source: 'embedded', score: first.score };
    return {
      kind: 'run',
      intent: first.intent,
      slots: this.registry.slotsFromText(first.intent, text),
      source: 'embedded',
      score: first.score,
    };
  }
}
