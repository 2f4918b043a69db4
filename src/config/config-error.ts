import type { ZodError } from 'zod';

/** A configuration problem a person must fix; its message names the setting and what is wrong. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Turns zod issues into full sentences that name each field, e.g. "PORT: must be a number between 1 and 65535." */
export function describeZodError(source: string, error: ZodError): string {
  const lines = error.issues.map((issue) => {
    const field = issue.path.length ? issue.path.join('.') : '(root)';
    return `- ${field}: ${issue.message}`;
  });
  return `${source} is not valid:\n${lines.join('\n')}`;
}
