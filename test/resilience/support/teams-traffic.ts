import type { ConnectorStub, FaultInjector, RecordedCall } from '../../support/connector-stub';

/** Someone talking to the bot, as Teams identifies them. */
export interface Person {
  id: string;
  aadObjectId: string;
  name: string;
}

export const TENANT_ID = '00000000-0000-0000-0000-0000000000001';

/** A synthetic person `n` of a run (ids unique per `run`, so runs on one database never collide). */
export function syntheticPerson(run: string, n: number): Person {
  return { id: `29:${run}-${n}`, aadObjectId: `${run}-aad-${n}`, name: `Load Person ${n}` };
}

/** The id of a person's personal chat with the bot. */
export function chatOf(person: Person): string {
  return `a:chat-${person.aadObjectId}`;
}

/** An activity in `person`'s personal chat, as Teams would POST it, replies going to `serviceUrl`. */
export function personalActivity(
  serviceUrl: string,
  person: Person,
  fields: Record<string, unknown>,
): Record<string, unknown> {
  return {
    type: 'message',
    id: `in-${Date.now()}-${Math.random().toString(36).slice(2, 10)}`,
    channelId: 'msteams',
    serviceUrl,
    timestamp: new Date().toISOString(),
    from: { id: person.id, name: person.name, aadObjectId: person.aadObjectId },
    recipient: { id: '28:coe-bot', name: 'CoE Assistant' },
    conversation: { id: chatOf(person), conversationType: 'personal', tenantId: TENANT_ID },
    channelData: { tenant: { id: TENANT_ID } },
    locale: 'en-US',
    ...fields,
  };
}

/** An Action.Execute (Universal Actions) invoke from `person` on a card in their chat. */
export function cardAction(serviceUrl: string, person: Person, verb: string, data: unknown): Record<string, unknown> {
  return personalActivity(serviceUrl, person, {
    type: 'invoke',
    name: 'adaptiveCard/action',
    value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
    replyToId: 'card-1',
  });
}

/** The outcome of one POST: status 0 and `error` when the connection failed (for example the bot was killed). */
export interface PostResult {
  status: number;
  body: any;
  ms: number;
  error?: string;
}

/** POSTs JSON to `url` and never throws: network failures come back as status 0. */
export async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
  timeoutMs = 60_000,
): Promise<PostResult> {
  const started = performance.now();
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    return { status: res.status, body: parsed, ms: performance.now() - started };
  } catch (err) {
    return {
      status: 0,
      body: undefined,
      ms: performance.now() - started,
      error: (err as Error).cause ? String((err as Error).cause) : (err as Error).message,
    };
  }
}

/** The Adaptive Card attached to a bot message, if any. */
export function cardIn(message: Record<string, unknown> | undefined): any {
  const attachments = (message?.attachments as Array<{ contentType?: string; content?: unknown }> | undefined) ?? [];
  return attachments.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
}

/** The card of an Action.Execute invoke response, or undefined when the bot answered with a message (or failed). */
export function invokeCard(result: PostResult): any {
  return result.status === 200 && result.body?.type === 'application/vnd.microsoft.card.adaptive'
    ? result.body.value
    : undefined;
}

/** Every Action.Execute in a card (action bars, action sets, show-cards, refresh), in document order. */
export function executeActions(card: unknown): Array<{ verb: string; data: any; title?: string }> {
  const found: Array<{ verb: string; data: any; title?: string }> = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    if (o.type === 'Action.Execute' && typeof o.verb === 'string')
      found.push({ verb: o.verb, data: o.data, title: o.title as string | undefined });
    Object.values(o).forEach(walk);
  };
  walk(card);
  return found;
}

/** The data of the card's first Action.Execute with `verb`, if it has one. */
export function actionData(card: unknown, verb: string): any {
  return executeActions(card).find((a) => a.verb === verb)?.data;
}

/** The card of a bot message as JSON text (empty quotes when it has none), for "contains" checks. */
export function cardText(message: Record<string, unknown>): string {
  return JSON.stringify(cardIn(message) ?? '');
}

/** True for the card a failed turn shows ("Something went wrong"). */
export function isErrorCard(card: unknown): boolean {
  return JSON.stringify(card ?? '').includes('Something went wrong');
}

/**
 * Watches what the bot sends to the connector stub, per conversation, through the stub's fault hook (which still
 * answers every call normally unless `inject` says otherwise). Only the newest messages of each conversation are
 * kept, so long runs stay small.
 */
export class ReplyTap {
  private readonly recent = new Map<string, Array<Record<string, unknown>>>();
  private readonly totals = new Map<string, number>();
  /** Use-case code -> review id, from every review card sent to anyone (an approver's card names both). */
  private readonly reviewOfCode = new Map<string, number>();
  inject?: FaultInjector;

  constructor(private readonly keep = 12) {}

  /** Starts watching `stub` (replaces its fault hook; set `inject` to inject faults as well). */
  attach(stub: ConnectorStub): this {
    stub.fault = (call) => {
      this.record(call);
      return this.inject?.(call);
    };
    return this;
  }

  private record(call: RecordedCall): void {
    if (call.method !== 'POST' || call.body.type !== 'message' || !call.conversationId) return;
    const list = this.recent.get(call.conversationId) ?? [];
    list.push(call.body);
    if (list.length > this.keep) list.shift();
    this.recent.set(call.conversationId, list);
    this.totals.set(call.conversationId, (this.totals.get(call.conversationId) ?? 0) + 1);
    const card = cardIn(call.body);
    const reviewId = Number(actionData(card, 'review.refresh')?.reviewId);
    if (Number.isSafeInteger(reviewId) && reviewId > 0)
      for (const code of JSON.stringify(card).match(/UC-\d{4,}/g) ?? []) this.reviewOfCode.set(code, reviewId);
  }

  /** How many messages the bot has sent to the conversation so far. */
  mark(conversationId: string): number {
    return this.totals.get(conversationId) ?? 0;
  }

  /** The messages sent to the conversation after `mark` (the newest `keep` at most). */
  since(conversationId: string, mark: number): Array<Record<string, unknown>> {
    const list = this.recent.get(conversationId) ?? [];
    const fresh = this.mark(conversationId) - mark;
    return fresh <= 0 ? [] : list.slice(-Math.min(fresh, list.length));
  }

  /**
   * Runs `action` once, synchronously, when the bot sends a call matching `predicate`, before the stub answers it
   * (for example to kill the bot at exactly that point of a turn). Replaces any fault injection.
   */
  onceWhen(predicate: (call: RecordedCall) => boolean, action: () => void): void {
    this.inject = (call) => {
      if (predicate(call)) {
        this.inject = undefined;
        action();
      }
      return undefined;
    };
  }

  /** The review id on the review status card that `person` received since `mark` for use case `code`. */
  reviewIdFor(person: Person, mark: number, code: string): number | undefined {
    const status = this.since(chatOf(person), mark)
      .map(cardIn)
      .find((c) => JSON.stringify(c ?? '').includes(code) && actionData(c, 'review.refresh'));
    const id = Number(actionData(status, 'review.refresh')?.reviewId);
    // The submitter's confirmation card is their status card (#14), so the review id usually comes from the card
    // sent to the approvers.
    return Number.isSafeInteger(id) && id > 0 ? id : this.reviewOfCode.get(code);
  }
}

/** One person's chat with a bot over HTTP: messages (replies read through a ReplyTap) and card actions. */
export class ChatClient {
  constructor(
    /** The bot's base URL, read at every request (a restarted bot listens elsewhere). */
    private readonly botUrl: () => string,
    private readonly serviceUrl: string,
    private readonly tap: ReplyTap,
    readonly person: Person,
  ) {}

  /** POSTs any activity to the bot. */
  post(activity: Record<string, unknown>): Promise<PostResult> {
    return postJson(`${this.botUrl()}/api/messages`, activity);
  }

  /** Sends a chat message; `replies` are the messages the bot sent to this chat during the turn. */
  async say(
    text: string,
    fields: Record<string, unknown> = {},
  ): Promise<{ result: PostResult; replies: Array<Record<string, unknown>> }> {
    const chat = chatOf(this.person);
    const mark = this.tap.mark(chat);
    const result = await this.post(personalActivity(this.serviceUrl, this.person, { text, ...fields }));
    return { result, replies: this.tap.since(chat, mark) };
  }

  /** Clicks an Action.Execute button as this person (or as `as`); `card` is the card the bot answered with. */
  async act(verb: string, data: unknown, as: Person = this.person): Promise<{ result: PostResult; card: any }> {
    const result = await this.post(cardAction(this.serviceUrl, as, verb, data));
    return { result, card: invokeCard(result) };
  }
}
