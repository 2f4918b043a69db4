import { AzureOpenAI, APIConnectionTimeoutError, APIError } from 'openai';
import type { AppEnv } from '../../config/env';
import type { Logger } from '../../observability/logger';
import type { RetrievalHit } from '../retrieval/retriever';
import type { Answer } from './answer-types';
import { passageUrl, toCitation, type CitationLinks } from './citations';
import { notCoveredAnswer } from './compose-answer';
import { buildGroundedSystemPrompt, NOT_COVERED_MARKER } from './grounded-prompt';
import { liftMarkersOutOfLists, renumberCitations, stripUnlistedUrls } from './sanitize-model-output';

/** Writes an answer from retrieved passages; throws GenerationError when it cannot. */
export interface AnswerGenerator {
  generate(question: string, hits: RetrievalHit[], links: CitationLinks): Promise<Answer>;
  /**
   * Like `generate`, but streams: `onText` gets the text so far (links removed) as the model writes it;
   * the returned answer is the finished one, with its citations. Throws GenerationError, also half-way.
   */
  generateStream?(
    question: string,
    hits: RetrievalHit[],
    links: CitationLinks,
    onText: (textSoFar: string) => void,
  ): Promise<Answer>;
}

/** Why a generated answer is not available; the service then falls back to the extractive answer. */
export class GenerationError extends Error {
  constructor(
    readonly reason: 'rate-limited' | 'timeout' | 'failed' | 'uncited',
    message: string,
  ) {
    super(message);
    this.name = 'GenerationError';
  }
}

export interface GeneratorTuning {
  timeoutMs: number;
  maxRetries: number;
  maxTokens: number;
}

export const DEFAULT_GENERATOR_TUNING: GeneratorTuning = { timeoutMs: 20_000, maxRetries: 1, maxTokens: 500 };

/**
 * Generates grounded answers with an Azure OpenAI chat deployment. Only the retrieved passages are
 * given to the model, fenced as data; its [n] markers become the citations, and links that are not
 * cited sources are removed. Answers without a valid citation are rejected.
 */
export class AzureOpenAiAnswerGenerator implements AnswerGenerator {
  private readonly client: AzureOpenAI;
  private readonly maxTokens: number;

  constructor(
    private readonly settings: NonNullable<AppEnv['openAi']>,
    private readonly logger: Logger,
    tuning: Partial<GeneratorTuning> = {},
  ) {
    const t = { ...DEFAULT_GENERATOR_TUNING, ...tuning };
    this.maxTokens = t.maxTokens;
    this.client = new AzureOpenAI({
      endpoint: settings.endpoint.replace(/\/+$/, ''),
      apiKey: settings.apiKey,
      deployment: settings.deployment,
      apiVersion: settings.apiVersion,
      timeout: t.timeoutMs,
      maxRetries: t.maxRetries,
    });
  }

  /** Asks the model for an answer from the passages; throws GenerationError when it cannot give a cited one. */
  async generate(question: string, hits: RetrievalHit[], links: CitationLinks): Promise<Answer> {
    let content: string;
    try {
      const res = await this.client.chat.completions.create({
        model: this.settings.deployment,
        temperature: 0,
        max_tokens: this.maxTokens,
        messages: [
          { role: 'system', content: buildGroundedSystemPrompt(hits) },
          { role: 'user', content: question },
        ],
      });
      content = res.choices[0]?.message?.content?.trim() ?? '';
    } catch (err) {
      throw toGenerationError(err);
    }
    return this.finish(content, hits, links);
  }

  /** Streams the model's answer from the passages; the text so far goes to `onText`, never the NOT_COVERED marker. */
  async generateStream(
    question: string,
    hits: RetrievalHit[],
    links: CitationLinks,
    onText: (textSoFar: string) => void,
  ): Promise<Answer> {
    let content = '';
    try {
      const stream = await this.client.chat.completions.create({
        model: this.settings.deployment,
        temperature: 0,
        max_tokens: this.maxTokens,
        stream: true,
        messages: [
          { role: 'system', content: buildGroundedSystemPrompt(hits) },
          { role: 'user', content: question },
        ],
      });
      for await (const chunk of stream) {
        const delta = chunk.choices[0]?.delta?.content ?? '';
        if (!delta) continue;
        content += delta;
        const sofar = content.trimStart();
        // Held back while it could still be the "not covered" marker.
        if (sofar.length < NOT_COVERED_MARKER.length && NOT_COVERED_MARKER.startsWith(sofar)) continue;
        if (sofar.startsWith(NOT_COVERED_MARKER)) continue;
        onText(stripUnlistedUrls(sofar, new Set()));
      }
    } catch (err) {
      throw toGenerationError(err);
    }
    return this.finish(content.trim(), hits, links);
  }

  /** Turns the model's full reply into an answer: "not covered", or text with renumbered citations and only cited links. */
  private finish(content: string, hits: RetrievalHit[], links: CitationLinks): Answer {
    if (!content) throw new GenerationError('failed', 'The model returned an empty answer.');
    if (content.replace(/[.\s]/g, '') === NOT_COVERED_MARKER || content.startsWith(NOT_COVERED_MARKER))
      return notCoveredAnswer();
    const { text, cited } = renumberCitations(content, hits.length);
    if (cited.length === 0) throw new GenerationError('uncited', 'The model answer cited no passage.');
    const citations = cited.map((n, i) => toCitation(i + 1, hits[n - 1].passage, links));
    const allowed = new Set(
      cited.map((n) => passageUrl(hits[n - 1].passage, links)).filter((u): u is string => Boolean(u)),
    );
    this.logger.debug('generated answer', { cited: cited.length });
    return {
      text: liftMarkersOutOfLists(stripUnlistedUrls(text, allowed)),
      grounded: true,
      citations,
      generatedByModel: true,
    };
  }
}

function toGenerationError(err: unknown): GenerationError {
  if (err instanceof APIConnectionTimeoutError)
    return new GenerationError('timeout', 'The model did not answer in time.');
  if (err instanceof APIError && err.status === 429)
    return new GenerationError('rate-limited', 'The model is receiving too many requests.');
  if (err instanceof APIError)
    return new GenerationError('failed', `The model request failed (${err.status ?? 'no status'}).`);
  return new GenerationError('failed', `The model request failed (${(err as Error)?.message ?? String(err)}).`);
}
