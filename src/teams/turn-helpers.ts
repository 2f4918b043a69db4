import type { TurnContext } from 'botbuilder';
import { randomUUID } from 'node:crypto';
import type { Logger } from '../observability/logger';

const LOGGER_KEY = Symbol('coe.turnLogger');
const TURN_ID_KEY = Symbol('coe.turnId');

/** Attaches a per-turn child logger and turn id to the context. */
export function beginTurn(context: TurnContext, logger: Logger): { turnId: string; log: Logger } {
  const turnId = randomUUID();
  const a = context.activity;
  const log = logger.child({ turnId, activityType: a.type, activityName: a.name, conversationId: a.conversation?.id });
  context.turnState.set(LOGGER_KEY, log);
  context.turnState.set(TURN_ID_KEY, turnId);
  return { turnId, log };
}

export function turnLogger(context: TurnContext, fallback: Logger): Logger {
  return (context.turnState.get(LOGGER_KEY) as Logger | undefined) ?? fallback;
}

export function turnIdOf(context: TurnContext): string {
  return (context.turnState.get(TURN_ID_KEY) as string | undefined) ?? 'n/a';
}

/** The conversation kind as Teams reports it. */
export function conversationKind(context: TurnContext): 'personal' | 'channel' | 'groupChat' {
  const t = context.activity.conversation?.conversationType;
  return t === 'channel' ? 'channel' : t === 'groupChat' ? 'groupChat' : 'personal';
}

/** The message text without the bot @mention, trimmed. */
export function commandText(context: TurnContext): string {
  return (context.activity.text ?? '').replace(/<at>[^<]*<\/at>/gi, '').trim();
}
