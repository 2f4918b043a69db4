import type { Browser } from 'playwright-core';
import type { LocalStack } from '../../scripts/local-stack';

/** One user journey through the Playground; it throws (with a plain sentence) when the journey breaks. */
export interface Journey {
  name: string;
  run(ctx: { browser: Browser; stack: LocalStack }): Promise<void>;
}
