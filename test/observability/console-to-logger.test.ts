import { createLogger } from '../../src/observability/logger';
import { routeConsoleToLogger } from '../../src/observability/console-to-logger';

describe('console output through the JSON logger', () => {
  it('turns every console call into one JSON line: refused tokens as a short warning, errors with their stack fields, Node warnings as warnings, objects redacted', () => {
    const lines: string[] = [];
    const restore = routeConsoleToLogger(createLogger({ level: 'debug', sink: (l) => lines.push(l) }));
    try {
      const auth = Object.assign(new Error('Unauthorized Access. Request is not authorized'), {
        name: 'AuthenticationError',
        statusCode: 401,
      });
      console.error(auth);
      console.error(new TypeError('boom\nsecond line'));
      console.warn('Calling %s without a botAppId', 'continueConversationAsync');
      console.error(
        '(node:1) [DEP0111] DeprecationWarning: something is deprecated\n(Use `node --trace-deprecation ...`)',
      );
      console.log({ api_key: 'sk-very-secret' });
    } finally {
      restore();
    }
    expect(lines).toHaveLength(5);
    const records = lines.map((l) => JSON.parse(l) as Record<string, any>);
    expect(lines.every((l) => !l.includes('\n'))).toBe(true);
    expect(records[0]).toMatchObject({
      level: 'warn',
      msg: 'request refused: not authenticated',
      reason: 'Unauthorized Access. Request is not authorized',
    });
    expect(records[0].err).toBeUndefined();
    expect(records[1]).toMatchObject({
      level: 'error',
      msg: 'boom\nsecond line',
      err: { name: 'TypeError', message: 'boom\nsecond line' },
    });
    expect(records[2]).toMatchObject({ level: 'warn', msg: 'Calling continueConversationAsync without a botAppId' });
    expect(records[3]).toMatchObject({ level: 'warn', source: 'console' });
    expect(records[4]).toMatchObject({ level: 'info', details: [{ api_key: '[redacted]' }] });
    expect(lines.join('\n')).not.toContain('sk-very-secret');
  });
});
