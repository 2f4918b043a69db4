import * as fs from 'node:fs';
import * as path from 'node:path';
import { EmbeddedClassifier } from '../../src/intents/embedded-classifier';
import { KNOWLEDGE_QUESTION } from '../../src/intents/intent';
import { buildIntentRegistry } from '../../src/intents/intent-catalog';
import {
  evaluateIntents,
  knowledgeQuestionsRoutedElsewhere,
  loadIntentCases,
  loadKnowledgeQuestions,
} from '../../src/intents/eval/intent-eval';
import { slotJsonSchema } from '../../src/intents/slot-json-schema';
import { EVAL_DIR, PROJECT_ROOT } from '../support/shared-paths';

const registry = buildIntentRegistry({ categories: ['policy', 'models', 'training', 'events'] });
const classifier = new EmbeddedClassifier(registry);
const EVAL = path.join(PROJECT_ROOT, 'test/eval/intents');

describe('embedded intent classifier', () => {
  it('meets the accuracy and clarifying-question targets on the tuning and hold-out sets', () => {
    const tuning = evaluateIntents(classifier, loadIntentCases(path.join(EVAL, 'tuning.jsonl')));
    const holdout = evaluateIntents(classifier, loadIntentCases(path.join(EVAL, 'holdout.jsonl')));
    expect(tuning.total + holdout.total).toBeGreaterThanOrEqual(300);
    expect(holdout.total / (tuning.total + holdout.total)).toBeGreaterThanOrEqual(0.32);
    expect(tuning.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(holdout.accuracy).toBeGreaterThanOrEqual(0.9);
    expect((tuning.clarified + holdout.clarified) / (tuning.total + holdout.total)).toBeLessThanOrEqual(0.05);
    const covered = new Set([...tuning.perIntent, ...holdout.perIntent].map((p) => p.intent));
    for (const d of registry.all().filter((d) => !d.hidden)) expect(covered).toContain(d.id);
  });

  it('answers every question of the knowledge eval sets instead of routing it to a command', () => {
    const folders = [
      path.join(PROJECT_ROOT, 'test/eval/playbooks'),
      ...(fs.existsSync(EVAL_DIR) ? fs.readdirSync(EVAL_DIR).map((d) => path.join(EVAL_DIR, d)) : []),
    ];
    const questions = folders
      .filter((f) => fs.statSync(f).isDirectory())
      .flatMap((f) =>
        fs
          .readdirSync(f)
          .filter((n) => /^qa.*\.jsonl$/.test(n))
          .map((n) => path.join(f, n)),
      )
      .flatMap((file) => loadKnowledgeQuestions(file));
    expect(questions.length).toBeGreaterThan(100);
    expect(knowledgeQuestionsRoutedElsewhere(classifier, questions)).toEqual([]);
  });

  it('tolerates typos one edit away from a known word, but does not bend short words', () => {
    expect(classifier.decide('submt a use case')).toMatchObject({ kind: 'run', intent: 'intake.start' });
    expect(classifier.decide('sumbit a new use case')).toMatchObject({ kind: 'run', intent: 'intake.start' });
    expect(classifier.decide('shwo my pending approvals')).toMatchObject({ kind: 'run', intent: 'review.queue' });
    expect(classifier.decide('hlep')).toMatchObject({ kind: 'run', intent: 'assistant.help' });
  });

  it('answers a question about a process and offers the process as a button', () => {
    expect(classifier.decide('how do I submit a use case?')).toEqual(
      expect.objectContaining({ kind: 'answer', offer: 'intake.start' }),
    );
    expect(classifier.decide('What is the maximum budget for an AI pilot without executive approval?')).toEqual(
      expect.objectContaining({ kind: 'answer', offer: undefined }),
    );
    expect(classifier.decide('Which models are approved?')).toEqual(
      expect.objectContaining({ kind: 'answer', offer: undefined }),
    );
  });

  it('answers a permission question that puts a condition on a command, with the command as a button', () => {
    for (const q of [
      'can I submit a use case by email?',
      'hello team, can I submit a use case without a sponsor?',
      'can we submit a use case on behalf of my manager?',
    ])
      expect(classifier.decide(q)).toEqual(expect.objectContaining({ kind: 'answer', offer: 'intake.start' }));
    expect(classifier.decide('can I send an announcement to all staff without approval?')).toEqual(
      expect.objectContaining({ kind: 'answer', offer: 'announce.compose' }),
    );
    expect(classifier.decide('can I submit a use case?')).toEqual(
      expect.objectContaining({ kind: 'run', intent: 'intake.start' }),
    );
  });

  it('keeps exact commands exact and reads slots from the text', () => {
    expect(classifier.decide('export audit UC-0042')).toMatchObject({
      kind: 'run',
      intent: 'review.export-audit',
      source: 'exact',
      slots: { useCase: 'UC-0042' },
    });
    expect(classifier.decide('where is uc 7 at?')).toMatchObject({
      kind: 'run',
      intent: 'intake.status',
      slots: { useCase: 'UC-0007' },
    });
    expect(classifier.decide('please stop sending me event announcements')).toMatchObject({
      kind: 'run',
      intent: 'announce.mute',
      slots: { category: 'events' },
    });
    expect(classifier.decide('echo ping')).toMatchObject({ kind: 'run', intent: 'assistant.echo', source: 'exact' });
  });

  it('asks a clarifying question only when two commands are about equally likely', () => {
    const scores = classifier.scores('drafts');
    expect(classifier.decide('drafts')).toEqual({
      kind: 'clarify',
      options: ['intake.resume', 'intake.cancel'],
      source: 'embedded',
      score: scores.commands[0].score,
    });
    expect(scores.commands[0].score - scores.commands[1].score).toBeLessThan(0.05);
    expect(classifier.decide('continue my draft').kind).toBe('run');
    expect(classifier.decide('show me my use cases').kind).toBe('run');
  });
});

describe('manifest commands and prompt starters', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'appPackage/manifest.json'), 'utf8'));
  const commands = (
    manifest.bots[0].commandLists as Array<{ commands: Array<{ title: string; type?: string; prompt?: string }> }>
  ).flatMap((l) => l.commands);

  it.each(commands.map((c) => [c.prompt ?? c.title]))('"%s" is understood without a clarifying question', (text) => {
    expect(['run', 'answer']).toContain(classifier.decide(text).kind);
  });
});

describe('intent registry', () => {
  it('validates slots with zod and refuses unknown intents, unknown slots and malformed values', () => {
    expect(registry.parseSlots('intake.status', { useCase: 'UC-0042' })).toEqual({
      ok: true,
      slots: { useCase: 'UC-0042' },
    });
    expect(registry.parseSlots('intake.status', { useCase: '42; drop table' }).ok).toBe(false);
    expect(registry.parseSlots('intake.status', { useCase: 'UC-0042', extra: 1 }).ok).toBe(false);
    expect(registry.parseSlots('announce.mute', { category: 'gossip' }).ok).toBe(false);
    expect(registry.parseSlots('admin.everything', {}).ok).toBe(false);
  });

  it('allows intents by role', () => {
    expect(registry.allows('announce.compose', new Set(['everyone']))).toBe(false);
    expect(registry.allows('announce.compose', new Set(['everyone', 'author']))).toBe(true);
    expect(registry.allows('knowledge.gaps', new Set(['everyone', 'author']))).toBe(false);
    expect(registry.allows(KNOWLEDGE_QUESTION, new Set(['everyone']))).toBe(true);
  });

  it('turns slot schemas into JSON Schema for model tools', () => {
    expect(slotJsonSchema(registry.get('announce.mute')!.slots)).toEqual({
      type: 'object',
      properties: {
        category: {
          type: 'string',
          enum: ['policy', 'models', 'training', 'events'],
          description: 'The announcement category',
        },
      },
      additionalProperties: false,
    });
    expect(slotJsonSchema(registry.get('intake.status')!.slots)).toMatchObject({
      properties: { useCase: { type: 'string', pattern: '^UC-\\d{4,7}$' } },
    });
  });
});
