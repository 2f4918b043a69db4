import { type Activity, ActivityTypes, type TurnContext } from 'botbuilder';

/** The least time between two activities of one stream: Teams accepts about one streaming update per second. */
export const STREAM_UPDATE_INTERVAL_MS = 1000;

/**
 * One streamed reply in a Teams 1:1 chat, following the Teams streaming protocol: an informative update
 * ("Searching ..."), then the text so far as typing activities that carry a `streaminfo` entity with
 * `streamType: 'streaming'` and an increasing `streamSequence`, then one final message (`streamType:
 * 'final'`) that replaces the streamed text and carries the citations, AI label and feedback. Every
 * activity after the first carries the stream id Teams returned for the first. Updates are paced: text
 * that arrives faster than the interval is sent together in the next update.
 */
export class AnswerStream {
  private sequence = 1;
  private streamId?: string;
  private text = '';
  private sentText = '';
  private lastSentAt = 0;
  private queue: Promise<void> = Promise.resolve();
  private pending = false;
  private ended = false;
  private failure?: unknown;

  constructor(
    private readonly context: TurnContext,
    private readonly intervalMs = STREAM_UPDATE_INTERVAL_MS,
  ) {}

  /** Number of informative and streaming updates sent or queued so far. */
  get updates(): number {
    return this.sequence - 1;
  }

  /** Queues an informative update, shown while the answer is being looked up. */
  informative(text: string): void {
    if (this.ended) return;
    const streamSequence = this.sequence++;
    this.enqueue(async () => {
      await this.send({ type: ActivityTypes.Typing, text }, { streamType: 'informative', streamSequence });
    });
  }

  /** Replaces the streamed text with `textSoFar`; sent with the next paced update. */
  update(textSoFar: string): void {
    if (this.ended || textSoFar === this.text) return;
    this.text = textSoFar;
    if (this.pending) return;
    this.pending = true;
    this.enqueue(async () => {
      this.pending = false;
      if (this.ended || this.text === this.sentText) return;
      await this.pace();
      if (this.ended) return;
      this.sentText = this.text;
      await this.send(
        { type: ActivityTypes.Typing, text: this.text },
        { streamType: 'streaming', streamSequence: this.sequence++ },
      );
    });
  }

  /**
   * Ends the stream with the final message (its text replaces whatever was streamed). Always sends it,
   * also when an update failed, so nothing streamed is left without a final message; returns its id.
   */
  async final(message: Partial<Activity>): Promise<string | undefined> {
    this.ended = true;
    await this.queue;
    if (this.streamId === undefined && this.failure === undefined && this.updates === 0) {
      const sent = await this.context.sendActivity(message);
      return sent?.id;
    }
    await this.pace();
    const sent = await this.send({ ...message, type: ActivityTypes.Message }, { streamType: 'final' });
    return sent?.id ?? this.streamId;
  }

  private enqueue(step: () => Promise<void>): void {
    this.queue = this.queue.then(step).catch((err: unknown) => {
      // A lost update is not fatal: the final message still replaces the streamed text.
      this.failure = err;
    });
  }

  private async pace(): Promise<void> {
    const wait = this.lastSentAt + this.intervalMs - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }

  private async send(
    activity: Partial<Activity>,
    info: { streamType: 'informative' | 'streaming' | 'final'; streamSequence?: number },
  ): Promise<{ id?: string } | undefined> {
    const streamInfo = { ...info, ...(this.streamId ? { streamId: this.streamId } : {}) };
    const out: Partial<Activity> = {
      ...activity,
      ...(this.streamId ? { id: this.streamId } : {}),
      channelData: { ...(activity.channelData as Record<string, unknown> | undefined), ...streamInfo },
      entities: [{ type: 'streaminfo', ...streamInfo } as never, ...(activity.entities ?? [])],
    };
    const sent = await this.context.sendActivity(out);
    this.lastSentAt = Date.now();
    if (!this.streamId && sent?.id) this.streamId = sent.id;
    return sent;
  }
}
