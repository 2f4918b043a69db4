import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { BotHarness, MEGAN, TENANT } from '../support/bot-harness';

type Mode = 'stream' | 'break';

/**
 * A local stand-in for Azure OpenAI chat completions: streamed requests get server-sent events, one
 * chunk every `gapMs`; in "break" mode the connection is cut before the last chunk. Requests without
 * `stream` get a plain completion.
 */
async function startModelStub(
  chunks: string[],
  gapMs = 350,
): Promise<{ url: string; mode: (m: Mode) => void; streamed: () => number; close: () => Promise<void> }> {
  let mode: Mode = 'stream';
  let streamed = 0;
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', async () => {
      const body = JSON.parse(raw || '{}') as { stream?: boolean };
      if (!body.stream) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            id: 'c',
            object: 'chat.completion',
            created: 1,
            model: 'gpt-test',
            choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: chunks.join('') } }],
          }),
        );
        return;
      }
      streamed++;
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      const event = (content: string): string =>
        `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'gpt-test', choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;
      for (const [i, chunk] of chunks.entries()) {
        if (mode === 'break' && i === chunks.length - 1) {
          res.socket?.destroy();
          return;
        }
        res.write(event(chunk));
        await new Promise((r) => setTimeout(r, gapMs));
      }
      res.end('data: [DONE]\n\n');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    mode: (m) => (mode = m),
    streamed: () => streamed,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

type Sent = Record<string, any>;
const streamInfo = (a: Sent): Sent | undefined =>
  (a.entities as Sent[] | undefined)?.find((e) => e.type === 'streaminfo');

describe('streamed answers in Teams (model stub speaking server-sent events)', () => {
  let h: BotHarness;
  let model: Awaited<ReturnType<typeof startModelStub>>;
  const question = 'How much can a pilot spend without executive approval?';

  beforeAll(async () => {
    model = await startModelStub([
      'Pilots up to ',
      'USD 25,000 ',
      'can be approved ',
      'by the CoE lead ',
      'at CoE triage [1].',
    ]);
    h = await BotHarness.start({
      env: {
        AZURE_OPENAI_ENDPOINT: model.url,
        AZURE_OPENAI_API_KEY: 'test-key',
        AZURE_OPENAI_DEPLOYMENT_NAME: 'gpt-test',
      },
    });
  });
  afterAll(async () => {
    await h.stop();
    await model.close();
  });

  it('streams in a 1:1 chat: informative, then streaming updates with rising sequence numbers, then the final message with citations, AI label and feedback', async () => {
    h.connector.clear();
    model.mode('stream');
    await h.say(MEGAN, question);
    const sent = h.connector.calls
      .filter((c) => c.conversationId === `a:personal-${MEGAN.aadObjectId}`)
      .map((c) => c.body as Sent);
    const informative = sent[0];
    expect(informative).toMatchObject({ type: 'typing', text: expect.stringMatching(/Searching/) });
    expect(streamInfo(informative)).toMatchObject({ streamType: 'informative', streamSequence: 1 });
    const streaming = sent.filter((a) => streamInfo(a)?.streamType === 'streaming');
    expect(streaming.length).toBeGreaterThanOrEqual(1);
    const sequences = streaming.map((a) => streamInfo(a)!.streamSequence as number);
    expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
    expect(sequences[0]).toBe(2);
    const streamId = streamInfo(streaming[0])!.streamId;
    expect(streamId).toMatch(/^act-/);
    for (const a of streaming) expect(a.type).toBe('typing');
    const final = sent.at(-1)!;
    expect(final.type).toBe('message');
    expect(streamInfo(final)).toMatchObject({ streamType: 'final', streamId });
    expect(final.channelData).toMatchObject({ streamType: 'final', streamId, feedbackLoopEnabled: true });
    expect(final.text).toBe('Pilots up to USD 25,000 can be approved by the CoE lead at CoE triage [1].');
    const message = (final.entities as Sent[]).find((e) => e['@type'] === 'Message')!;
    expect(message.additionalType).toEqual(['AIGeneratedContent']);
    expect(message.citation[0]).toMatchObject({ '@type': 'Claim', position: 1 });
    expect(sent.filter((a) => a.type === 'message')).toHaveLength(1);
  });

  it('replaces a stream that breaks half-way with the quoted answer in the final message', async () => {
    h.connector.clear();
    model.mode('break');
    await h.say(MEGAN, question);
    const sent = h.connector.calls
      .filter((c) => c.conversationId === `a:personal-${MEGAN.aadObjectId}`)
      .map((c) => c.body as Sent);
    // Part of the model's text had already been streamed when the connection broke.
    const streaming = sent.filter((a) => streamInfo(a)?.streamType === 'streaming');
    expect(streaming.length).toBeGreaterThanOrEqual(1);
    expect(streaming[0].text).toMatch(/^Pilots up to/);
    const final = sent.at(-1)!;
    expect(final.type).toBe('message');
    expect(streamInfo(final)).toMatchObject({ streamType: 'final', streamId: streamInfo(streaming[0])!.streamId });
    expect(final.text).toMatch(/USD 25,000/);
    expect(final.text).toMatch(/quotes the knowledge base directly/);
    const message = (final.entities as Sent[]).find((e) => e['@type'] === 'Message')!;
    expect(message.additionalType).toBeUndefined();
    expect(message.citation.length).toBeGreaterThan(0);
    expect(sent.filter((a) => a.type === 'message')).toHaveLength(1);
  });

  it('sends only the final message in a group chat', async () => {
    h.connector.clear();
    model.mode('stream');
    const before = model.streamed();
    await h.post(
      h.activity(MEGAN, {
        text: question,
        conversation: { id: '19:group-chat', conversationType: 'groupChat', tenantId: TENANT },
      }),
    );
    const sent = h.connector.calls.filter((c) => c.conversationId === '19:group-chat').map((c) => c.body as Sent);
    expect(sent.some((a) => streamInfo(a) !== undefined)).toBe(false);
    const messages = sent.filter((a) => a.type === 'message');
    expect(messages).toHaveLength(1);
    expect(messages[0].text).toMatch(/USD 25,000/);
    expect(model.streamed()).toBe(before);
  });
});
