import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ALEX, BotHarness, cardOf, MEGAN } from '../support/bot-harness';
import { actionsOf } from '../intake/wizard-driver';

interface ToolCallReply {
  name: string;
  arguments: string;
}

/** A local Azure OpenAI chat-completions endpoint: tool requests get the configured tool call; others a plain failure (extractive answers). */
async function startModelStub() {
  const seen: Array<{
    tools?: Array<{ function: { name: string; parameters: unknown } }>;
    messages: Array<{ role: string; content: string }>;
  }> = [];
  let next: { call?: ToolCallReply; delayMs?: number } = {};
  const timers = new Set<NodeJS.Timeout>();
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const body = JSON.parse(raw || '{}');
      if (!body.tools) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'answers are not part of this stub' } }));
        return;
      }
      seen.push(body);
      const reply = next;
      const message = reply.call
        ? {
            role: 'assistant',
            content: null,
            tool_calls: [
              { id: 'call_1', type: 'function', function: { name: reply.call.name, arguments: reply.call.arguments } },
            ],
          }
        : { role: 'assistant', content: 'No tool fits.' };
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (res.destroyed) return;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            id: 'chatcmpl-1',
            object: 'chat.completion',
            created: 1,
            model: 'gpt-test',
            choices: [{ index: 0, finish_reason: reply.call ? 'tool_calls' : 'stop', message }],
            usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
          }),
        );
      }, reply.delayMs ?? 0);
      timers.add(timer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    reply: (r: { call?: ToolCallReply; delayMs?: number }) => (next = r),
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('intent routing with Azure OpenAI tool calling (local chat-completions server)', () => {
  let h: BotHarness;
  let model: Awaited<ReturnType<typeof startModelStub>>;
  beforeAll(async () => {
    model = await startModelStub();
    h = await BotHarness.start({
      env: {
        AZURE_OPENAI_ENDPOINT: model.url,
        AZURE_OPENAI_API_KEY: 'test-key',
        AZURE_OPENAI_DEPLOYMENT_NAME: 'gpt-test',
        INTENT_MODEL_TIMEOUT_MS: '1500',
      },
    });
  });
  afterAll(async () => {
    await h.stop();
    await model.close();
  });

  const json = (replies: unknown) => JSON.stringify(replies);
  const verbs = (replies: Array<Record<string, unknown>>) =>
    replies
      .map((r) => cardOf(r))
      .filter(Boolean)
      .flatMap((c) => actionsOf(c))
      .map((a) => String(a.verb ?? ''));

  it('offers the model exactly the registered intents as tools, with JSON Schemas from the zod slots', async () => {
    model.reply({ call: { name: 'review_queue', arguments: '{}' } });
    const replies = await h.say(ALEX, 'anything on my plate today?');
    expect(json(replies)).toMatch(/waiting for you|Nothing is waiting/i);
    const tools = model.seen[model.seen.length - 1].tools!.map((t) => t.function.name);
    expect(tools).toEqual(
      expect.arrayContaining(['intake_start', 'intake_status', 'review_queue', 'announce_mute', 'knowledge_question']),
    );
    expect(tools).not.toContain('assistant_echo');
    const status = model.seen[model.seen.length - 1].tools!.find((t) => t.function.name === 'intake_status')!;
    expect(status.function.parameters).toMatchObject({
      type: 'object',
      properties: { useCase: { type: 'string', pattern: '^UC-\\d{4,7}$' } },
      additionalProperties: false,
    });
  });

  it('fills slots from the tool call arguments', async () => {
    model.reply({ call: { name: 'intake_status', arguments: '{"useCase":"UC-0042"}' } });
    // The slot reached the status lookup (without it the reply would be the list of her submissions).
    expect(json(await h.say(MEGAN, 'how is forty-two doing'))).toContain(
      'Only its submitter, its approvers and CoE admins can see it',
    );
  });

  it('refuses a call to a tool outside the registry and uses the embedded classifier', async () => {
    model.reply({ call: { name: 'admin_delete_everything', arguments: '{}' } });
    const asked = model.seen.length;
    expect(verbs(await h.say(MEGAN, 'I want to submit a new AI use case')).some((v) => v.startsWith('intake.'))).toBe(
      true,
    );
    expect(model.seen.length).toBe(asked + 1);
  });

  it('refuses malformed or invalid arguments and uses the embedded classifier', async () => {
    model.reply({ call: { name: 'intake_status', arguments: '{"useCase":"42; drop table use_cases"}' } });
    const invalid = await h.say(MEGAN, "what's the status of my submission?");
    expect(json(invalid)).not.toContain('42; drop');
    expect(json(invalid)).toMatch(/My submissions|use case/i);
    model.reply({ call: { name: 'announce_mute', arguments: '{"category": ' } });
    const [muted] = await h.say(MEGAN, 'please stop sending me event announcements');
    expect(muted.text).toMatch(/no longer receive announcements about events/);
  });

  it('falls back to the embedded classifier when the model is too slow', async () => {
    model.reply({ call: { name: 'knowledge_gaps', arguments: '{}' }, delayMs: 4000 });
    const started = Date.now();
    const replies = await h.say(MEGAN, 'do I have anything to review?');
    expect(Date.now() - started).toBeLessThan(3500);
    expect(json(replies)).toMatch(/waiting for you|Nothing is waiting/i);
  });

  it('does not ask the model about exact commands', async () => {
    const before = model.seen.length;
    await h.say(ALEX, 'help');
    await h.say(ALEX, 'my submissions');
    expect(model.seen.length).toBe(before);
  });
});
