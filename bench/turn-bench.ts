import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConnectorStub } from '../test/support/connector-stub';
import { configWithoutRateLimits, markdownTable, percentiles, startBotProcess } from './bench-kit';

/** One kind of turn the benchmark sends; `build` makes the activity for a worker's n-th request. */
export interface TurnScenario {
  name: string;
  /** Run once per worker before measuring (for example to open a wizard draft). */
  prepare?: (
    send: (activity: Record<string, unknown>) => Promise<{ status: number; body: string }>,
    worker: number,
  ) => Promise<void>;
  build: (worker: number, n: number) => Record<string, unknown>;
  /** Sees each response body (for example to carry a card's new version into the next request). */
  observe?: (worker: number, body: string) => void;
}

export interface ScenarioResult {
  scenario: string;
  concurrency: number;
  requests: number;
  errors: number;
  turnsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
}

const QUESTIONS = [
  'Which models are approved?',
  'Do I need an ethics review for a chatbot on customer data?',
  'What is the budget rule for pilots?',
  'How long does a privacy review take?',
  'Who is on the AI Ethics Board quorum?',
  'How do I report an AI incident?',
  'What training is mandatory before using generative AI tools?',
  'Can I paste confidential data into a consumer chatbot?',
];

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

function post(url: string, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** A personal-chat message activity from a synthetic user `worker`. */
export function messageActivity(
  serviceUrl: string,
  worker: number,
  text: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const aad = `bench-${String(worker).padStart(4, '0')}-0000-0000-0000-000000000000`;
  return {
    type: 'message',
    id: `m-${worker}-${Date.now()}-${Math.random()}`,
    channelId: 'msteams',
    serviceUrl,
    from: { id: `29:bench-${worker}`, name: `Bench User ${worker}`, aadObjectId: aad },
    recipient: { id: '28:coe-bot', name: 'CoE Assistant' },
    conversation: {
      id: `a:bench-${worker}`,
      conversationType: 'personal',
      tenantId: '00000000-0000-0000-0000-0000000000001',
    },
    channelData: { tenant: { id: '00000000-0000-0000-0000-0000000000001' } },
    text,
    ...extra,
  };
}

/** The built-in scenarios: the framework floor (echo) and a knowledge question. */
export function baseScenarios(serviceUrl: string): TurnScenario[] {
  return [
    { name: 'echo turn', build: (w, n) => messageActivity(serviceUrl, w, `echo ping ${n}`) },
    {
      name: 'knowledge question turn',
      build: (w, n) => messageActivity(serviceUrl, w, QUESTIONS[(w + n) % QUESTIONS.length]),
    },
  ];
}

const BASICS = {
  title: 'Benchmark use case',
  problem: 'Measuring how fast a wizard step is processed end to end.',
  businessUnit: 'Benchmarks',
  sponsor: 'Bench Sponsor',
  contact: 'bench@contoso.example',
};

/** Finds the wizard envelope (draft id, step, version) in a card's actions. */
function envelopeIn(json: string): { draftId: number; step: string; version: number } | undefined {
  const m = json.match(/"draftId":(\d+),"step":"([a-z-]+)","version":(\d+)/);
  return m ? { draftId: Number(m[1]), step: m[2], version: Number(m[3]) } : undefined;
}

/** A card invoke: "Save draft" on the wizard's first step (validate, store the draft, answer with the next card). */
export function intakeStepScenario(stub: ConnectorStub): TurnScenario {
  const envelopes = new Map<number, { draftId: number; step: string; version: number }>();
  return {
    name: 'card invoke (intake step)',
    async prepare(send, w) {
      stub.recordCalls = true;
      stub.clear();
      await send(messageActivity(stub.url, w, 'submit a use case'));
      const card = stub.calls
        .map((c) => JSON.stringify(c.body))
        .reverse()
        .find((b) => b.includes('draftId'));
      stub.recordCalls = false;
      const env = card ? envelopeIn(card) : undefined;
      if (!env) throw new Error('The wizard did not start for the benchmark user.');
      envelopes.set(w, env);
    },
    build(w) {
      const env = envelopes.get(w)!;
      return messageActivity(stub.url, w, '', {
        type: 'invoke',
        name: 'adaptiveCard/action',
        text: undefined,
        value: { action: { type: 'Action.Execute', verb: 'intake.save', data: { ...env, ...BASICS } } },
      });
    },
    observe(w, body) {
      const env = envelopeIn(body);
      if (env) envelopes.set(w, env);
    },
  };
}

/** Runs `scenario` with `concurrency` workers for `durationMs` after a warm-up; every request is one full turn. */
export async function runScenario(
  botUrl: string,
  scenario: TurnScenario,
  concurrency: number,
  durationMs: number,
  warmupMs = 1000,
): Promise<ScenarioResult> {
  const send = (a: Record<string, unknown>) => post(`${botUrl}/api/messages`, JSON.stringify(a));
  for (let w = 0; w < concurrency; w++) await scenario.prepare?.(send, w);
  const latencies: number[] = [];
  let errors = 0;
  let measuring = false;
  const warmupEnd = Date.now() + warmupMs;
  const end = warmupEnd + durationMs;
  let measuredStart = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      let n = 0;
      while (Date.now() < end) {
        const t0 = performance.now();
        const res = await send(scenario.build(w, n++));
        const ms = performance.now() - t0;
        scenario.observe?.(w, res.body);
        if (Date.now() >= warmupEnd) {
          if (!measuring) {
            measuring = true;
            measuredStart = Date.now();
          }
          latencies.push(ms);
          if (res.status >= 400) errors += 1;
        }
      }
    }),
  );
  const seconds = (Date.now() - (measuredStart || warmupEnd)) / 1000;
  const p = percentiles(latencies);
  return {
    scenario: scenario.name,
    concurrency,
    requests: latencies.length,
    errors,
    turnsPerSecond: latencies.length / seconds,
    p50: p.p50,
    p95: p.p95,
    p99: p.p99,
  };
}

/** Starts a bot process and a connector stub, runs every scenario at each concurrency, and returns the results. */
export async function benchTurns(
  options: { concurrencies?: number[]; durationMs?: number } = {},
): Promise<{ results: ScenarioResult[]; table: string }> {
  const stub = await new ConnectorStub().start();
  stub.recordCalls = false;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'coe-bench-'));
  // Each synthetic worker asks far more than a person would; the per-person limits would turn its turns into refusals.
  const bot = await startBotProcess({
    COE_DATA_DIR: dataDir,
    DATABASE_URL: '',
    PORT: '3991',
    COE_CONFIG: configWithoutRateLimits(dataDir),
  });
  const results: ScenarioResult[] = [];
  try {
    const scenarios = [...baseScenarios(stub.url), intakeStepScenario(stub)];
    for (const c of options.concurrencies ?? [1, 8, 32]) {
      for (const s of scenarios) results.push(await runScenario(bot.url, s, c, options.durationMs ?? 4000));
    }
  } finally {
    await bot.stop();
    await stub.stop();
  }
  const echo = (c: number) => results.find((r) => r.scenario === 'echo turn' && r.concurrency === c);
  const table = markdownTable(
    ['turn', 'concurrency', 'p50 ms', 'p95 ms', 'p99 ms', 'turns/s', 'p50 vs echo', 'errors'],
    results.map((r) => [
      r.scenario,
      r.concurrency,
      r.p50,
      r.p95,
      r.p99,
      r.turnsPerSecond,
      `${(r.p50 / (echo(r.concurrency)?.p50 ?? NaN)).toFixed(2)}×`,
      r.errors,
    ]),
  );
  return { results, table };
}
