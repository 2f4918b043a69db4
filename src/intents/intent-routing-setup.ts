import type { AppEnv } from '../config/env';
import type { Logger } from '../observability/logger';
import { AzureOpenAiIntentChooser } from './azure-openai-intent-chooser';
import { EmbeddedClassifier } from './embedded-classifier';
import { buildIntentRegistry } from './intent-catalog';
import type { IntentRegistry } from './intent-registry';
import { IntentRouter } from './intent-router';

/** The registry and its router: the embedded classifier, plus Azure OpenAI tool calling when it is configured and INTENT_MODEL_TIMEOUT_MS is not 0. */
export function createIntentRouting(options: {
  env: Pick<AppEnv, 'openAi' | 'INTENT_MODEL_TIMEOUT_MS'>;
  categories: readonly string[];
  logger: Logger;
}): { registry: IntentRegistry; router: IntentRouter } {
  const registry = buildIntentRegistry({ categories: options.categories });
  const { openAi, INTENT_MODEL_TIMEOUT_MS: timeoutMs } = options.env;
  const model = openAi && timeoutMs > 0 ? new AzureOpenAiIntentChooser(openAi, registry, { timeoutMs }) : undefined;
  return {
    registry,
    router: new IntentRouter(registry, new EmbeddedClassifier(registry), { model, logger: options.logger }),
  };
}
