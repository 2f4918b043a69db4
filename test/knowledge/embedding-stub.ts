import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** Words that mean the same thing to the stub's "model": each group shares one dimension, like an embedding model would place them close. */
const CONCEPTS: string[][] = [
  ['car', 'cars', 'automobile', 'automobiles', 'vehicle', 'vehicles'],
  ['bike', 'bikes', 'bicycle', 'bicycles'],
  ['salary', 'salaries', 'wage', 'wages', 'pay'],
];
const CONCEPT_OF = new Map(CONCEPTS.flatMap((words, i) => words.map((w) => [w, i] as const)));
const STOP = new Set(
  'a an the i we you it is are be can do does to of and or for in on at with my our what how who when may there this that any'.split(
    ' ',
  ),
);

/** Dimensions of the stub's vectors. */
export const STUB_DIMS = 48;

/**
 * A deterministic embedding with meaning: a bag of concepts, where the synonyms above share a
 * dimension and every other word lands on a hashed one. Texts that share no concept are orthogonal.
 */
export function conceptVector(text: string): number[] {
  const v = new Array<number>(STUB_DIMS).fill(0);
  for (const word of text.toLowerCase().match(/[a-z]+/g) ?? []) {
    if (STOP.has(word)) continue;
    const concept = CONCEPT_OF.get(word);
    if (concept !== undefined) {
      v[concept] += 1;
      continue;
    }
    let h = 2166136261;
    for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 16777619);
    v[CONCEPTS.length + ((h >>> 0) % (STUB_DIMS - CONCEPTS.length))] += 1;
  }
  return v;
}

export interface SeenEmbeddingRequest {
  url: string;
  apiKey: string | undefined;
  inputs: string[];
  at: number;
}

/** What the stub does with the next request: answer with vectors, fail with a status (and headers), or never answer. */
export type StubBehaviour =
  { kind: 'ok' } | { kind: 'fail'; status: number; headers?: Record<string, string> } | { kind: 'hang' };

export interface EmbeddingStub {
  url: string;
  seen: SeenEmbeddingRequest[];
  /** Sets how the stub answers from now on; with `times`, only that many requests, after which it behaves like `after` (default: answers normally). */
  behave(b: StubBehaviour, options?: { times?: number; after?: StubBehaviour }): void;
  close(): Promise<void>;
}

/**
 * A local server speaking the Azure OpenAI embeddings REST shape: POST
 * /openai/deployments/{deployment}/embeddings?api-version=..., `api-key` header, body {input}, answer
 * {object: 'list', data: [{object: 'embedding', index, embedding}], model, usage}.
 */
export async function startEmbeddingStub(): Promise<EmbeddingStub> {
  const seen: SeenEmbeddingRequest[] = [];
  let behaviour: StubBehaviour = { kind: 'ok' };
  let remaining = Infinity;
  let after: StubBehaviour = { kind: 'ok' };
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const body = JSON.parse(raw || '{}') as { input?: string | string[] };
      const inputs = typeof body.input === 'string' ? [body.input] : (body.input ?? []);
      seen.push({ url: req.url ?? '', apiKey: req.headers['api-key'] as string | undefined, inputs, at: Date.now() });
      const send = (status: number, json: unknown, headers: Record<string, string> = {}): void => {
        // Not chained: restify, loaded by other suites in the same worker, patches ServerResponse.writeHead to return nothing.
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(json));
      };
      const match = /^\/openai\/deployments\/([^/]+)\/embeddings\?api-version=[\w-]+$/.exec(req.url ?? '');
      if (req.method !== 'POST' || !match)
        return send(404, { error: { code: 'NotFound', message: 'Resource not found' } });
      const now = behaviour;
      if (--remaining <= 0) {
        behaviour = after;
        remaining = Infinity;
      }
      if (now.kind === 'hang') return;
      if (now.kind === 'fail')
        return send(now.status, { error: { code: String(now.status), message: 'stub failure' } }, now.headers);
      send(200, {
        object: 'list',
        data: inputs.map((text, index) => ({ object: 'embedding', index, embedding: conceptVector(text) })),
        model: match[1],
        usage: { prompt_tokens: inputs.length, total_tokens: inputs.length },
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    behave: (b, options = {}) => {
      behaviour = b;
      remaining = options.times ?? Infinity;
      after = options.after ?? { kind: 'ok' };
    },
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
