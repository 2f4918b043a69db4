import { AzureOpenAI } from 'openai';
import type { AppEnv } from '../config/env';
import { KNOWLEDGE_QUESTION } from './intent';
import type { IntentRegistry } from './intent-registry';
import { toolNameOf, type ModelChoice, type ModelIntentChooser } from './intent-router';
import { slotJsonSchema } from './slot-json-schema';

const SYSTEM_PROMPT = [
  "You route messages sent to the CoE Assistant, a Microsoft Teams bot of an organisation's Generative-AI Center of Excellence.",
  'Call exactly one of the tools: the one the person is asking the assistant to do, with the arguments their message gives.',
  `A question about a topic or about how a process works (for example "how do I submit a use case?") is ${toolNameOf(KNOWLEDGE_QUESTION)}, not the process itself.`,
  'Never invent argument values that the message does not contain.',
].join(' ');

/**
 * Lets an Azure OpenAI chat deployment choose among the registered intents through tool calling. The tools and
 * their parameter schemas come from the registry, so the model is never offered anything else; the router
 * validates whatever comes back. One attempt with a short timeout: routing must not hold up the turn.
 */
export class AzureOpenAiIntentChooser implements ModelIntentChooser {
  private readonly client: AzureOpenAI;
  private readonly tools: Array<{
    type: 'function';
    function: { name: string; description: string; parameters: Record<string, unknown> };
  }>;

  constructor(
    private readonly settings: NonNullable<AppEnv['openAi']>,
    registry: IntentRegistry,
    options: { timeoutMs: number },
  ) {
    this.client = new AzureOpenAI({
      endpoint: settings.endpoint.replace(/\/+$/, ''),
      apiKey: settings.apiKey,
      deployment: settings.deployment,
      apiVersion: settings.apiVersion,
      timeout: options.timeoutMs,
      maxRetries: 0,
    });
    this.tools = registry
      .all()
      .filter((d) => !d.hidden)
      .map((d) => ({
        type: 'function' as const,
        function: { name: toolNameOf(d.id), description: d.description, parameters: slotJsonSchema(d.slots) },
      }));
  }

  async choose(text: string): Promise<ModelChoice> {
    const res = await this.client.chat.completions.create({
      model: this.settings.deployment,
      temperature: 0,
      max_tokens: 200,
      tools: this.tools,
      tool_choice: 'auto',
      messages: [
        { role: 'system', content: SYSTEM_PROMPT },
        { role: 'user', content: text.slice(0, 2000) },
      ],
    });
    const call = res.choices[0]?.message?.tool_calls?.[0];
    if (!call || call.type !== 'function') return { tool: undefined };
    return { tool: call.function.name, arguments: call.function.arguments ?? '' };
  }
}
