import type { Logger } from '../observability/logger';
import type { EmbeddedClassifier } from './embedded-classifier';
import { KNOWLEDGE_QUESTION, type IntentDecision } from './intent';
import type { IntentRegistry } from './intent-registry';

/** A model's choice among the registered intents: a tool name and its raw JSON arguments, or no tool at all. */
export type ModelChoice = { tool: string; arguments: string } | { tool: undefined };

/** Chooses an intent with a model; throws on timeout or any failure (the router then uses the embedded classifier). */
export interface ModelIntentChooser {
  choose(text: string): Promise<ModelChoice>;
}

/** Tool names the model sees: the intent id with dots and dashes as underscores (`intake.start` -> `intake_start`). */
export function toolNameOf(intentId: string): string {
  return intentId.replace(/[.-]/g, '_');
}

/**
 * Decides what a message asks for. Exact commands run directly; otherwise the model (when configured) picks a
 * registered intent and fills its slots, and anything it returns that is not a registered intent with valid slots is
 * refused in favour of the embedded classifier, which also answers when the model is slow or failing.
 */
export class IntentRouter {
  private readonly byToolName: Map<string, string>;

  constructor(
    private readonly registry: IntentRegistry,
    private readonly embedded: EmbeddedClassifier,
    private readonly options: { model?: ModelIntentChooser; logger: Logger },
  ) {
    this.byToolName = new Map(
      registry
        .all()
        .filter((d) => !d.hidden)
        .map((d) => [toolNameOf(d.id), d.id]),
    );
  }

  async route(text: string, log: Logger = this.options.logger): Promise<IntentDecision> {
    const embedded = this.embedded.decide(text);
    if (embedded.source === 'exact' || !this.options.model) return embedded;
    const started = Date.now();
    let choice: ModelChoice;
    try {
      choice = await this.options.model.choose(text);
    } catch (err) {
      log.warn('intent model unavailable, using the embedded classifier', { err, ms: Date.now() - started });
      return embedded;
    }
    if (choice.tool === undefined)
      return {
        kind: 'answer',
        offer: embedded.kind === 'answer' ? embedded.offer : undefined,
        source: 'model',
        score: 1,
      };
    const intent = this.byToolName.get(choice.tool);
    if (!intent) {
      log.warn('intent model chose a tool outside the registry; refused', { tool: choice.tool.slice(0, 80) });
      return embedded;
    }
    let args: unknown;
    try {
      args = choice.arguments.trim() ? JSON.parse(choice.arguments) : {};
    } catch {
      log.warn('intent model sent arguments that are not JSON; refused', { intent });
      return embedded;
    }
    const slots = this.registry.parseSlots(intent, args);
    if (!slots.ok) {
      log.warn('intent model sent invalid slots; refused', { intent, issues: slots.issues.slice(0, 5) });
      return embedded;
    }
    log.info('intent chosen by the model', { intent, ms: Date.now() - started });
    if (intent === KNOWLEDGE_QUESTION)
      return {
        kind: 'answer',
        offer: embedded.kind === 'answer' ? embedded.offer : undefined,
        source: 'model',
        score: 1,
      };
    return { kind: 'run', intent, slots: slots.slots, source: 'model', score: 1 };
  }
}
