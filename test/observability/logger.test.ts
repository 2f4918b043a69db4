import { createLogger } from '../../src/observability/logger';

describe('structured logger', () => {
  function capture() {
    const lines: Array<Record<string, unknown>> = [];
    const logger = createLogger({ sink: (l) => lines.push(JSON.parse(l)), level: 'debug' });
    return { lines, logger };
  }

  it('writes one JSON object per line with the child bindings (turn id)', () => {
    const { lines, logger } = capture();
    logger.child({ turnId: 't-1' }).info('turn started', { activityType: 'message' });
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'info',
        msg: 'turn started',
        turnId: 't-1',
        activityType: 'message',
        time: expect.any(String),
      }),
    ]);
  });

  it('redacts secrets at any depth but keeps ordinary fields whose names merely look alike', () => {
    const { lines, logger } = capture();
    logger.info('config', {
      BOT_PASSWORD: 'hunter2',
      nested: { apiKey: 'k', authorization: 'Bearer x', DATABASE_URL: 'postgres://u:p@h/db' },
      passages: 278,
      tokenizer: undefined,
    });
    const text = JSON.stringify(lines[0]);
    for (const secret of ['hunter2', 'Bearer x', 'postgres://u:p@h/db', '"k"']) expect(text).not.toContain(secret);
    expect(lines[0].passages).toBe(278);
  });

  it('drops lines below the configured level', () => {
    const lines: string[] = [];
    createLogger({ sink: (l) => lines.push(l), level: 'warn' }).info('quiet');
    expect(lines).toEqual([]);
  });
});
