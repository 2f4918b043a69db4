import type { Queryable } from '../../../src/store/database';
import { Prng } from './prng';
import {
  ChatClient,
  type Person,
  type PostResult,
  type ReplyTap,
  cardIn,
  chatOf,
  executeActions,
  isErrorCard,
  personalActivity,
  postJson,
  syntheticPerson,
} from './teams-traffic';

/** What one load run needs: the bot's endpoint, where its replies go, and how much traffic to make. */
export interface LoadOptions {
  botUrl: string;
  /** The connector stub's URL, used as every activity's serviceUrl. */
  serviceUrl: string;
  /** Attached to that stub, to read the messages the bot sends. */
  tap: ReplyTap;
  conversations: number;
  durationMs: number;
  /** Unique per run (synthetic user ids and use-case titles include it). */
  run: string;
  /** Decides on every review; must be an approver of every stage the submissions are routed to. */
  approver: Person;
  /** Called once when the first `warmupMs` of traffic are over (for example to sample memory). */
  warmupMs?: number;
  onWarm?: () => void;
  seed?: number;
}

/** A submission the bot acknowledged (its card said "submitted"), with what was typed for it. */
export interface AcknowledgedSubmission {
  code: string;
  title: string;
  submitterId: string;
  kpis: string;
  personalData: string;
}

/** A decision the bot acknowledged ("Your decision was recorded."). */
export interface AcknowledgedDecision {
  reviewId: number;
  code: string;
  version: number;
  decision: 'approve' | 'reject';
}

export type TurnKind = 'question' | 'wizard-start' | 'wizard-step' | 'submit' | 'refresh' | 'decide';

export interface LoadReport {
  turns: number;
  turnsByKind: Record<TurnKind, number>;
  statuses: Record<string, number>;
  /** Answers with status 500 or more. */
  serverErrors: number;
  /** Requests that got no HTTP answer at all. */
  networkErrors: number;
  /** Turns that answered with the "Something went wrong" card. */
  errorCards: number;
  /** Anything else that was not the answer a person would expect (first 50). */
  anomalies: string[];
  submissions: AcknowledgedSubmission[];
  decisions: AcknowledgedDecision[];
  latencyMs: Record<TurnKind, number[]>;
  elapsedMs: number;
}

const QUESTIONS = [
  'Which models are approved?',
  'How long does a privacy review take?',
  'What is the budget rule for pilots?',
  'How do I report an AI incident?',
  'Can I paste confidential data into a consumer chatbot?',
  'What does the CoE do?',
];

const KINDS: TurnKind[] = ['question', 'wizard-start', 'wizard-step', 'submit', 'refresh', 'decide'];

/** Valid answers for each wizard step, as the card inputs send them; `tag` makes the title and KPIs unique. */
export function stepAnswers(step: string, tag: string, person: Person, personalData = 'none'): Record<string, string> {
  switch (step) {
    case 'basics':
      return {
        title: `Load ${tag}`,
        problem: `Synthetic load traffic ${tag}: submissions must survive concurrency.`,
        businessUnit: 'Load Testing',
        sponsor: 'Pat Sponsor',
        contact: person.name,
      };
    case 'data':
      return {
        dataSources: 'Synthetic records made by the load test',
        dataClassification: 'internal',
        personalData,
        affected: 'employees',
        scale: 'team',
      };
    case 'impact':
      return {
        outputUse: 'advisory',
        highRiskDomains: 'none',
        prohibitedPractices: 'none',
        customerFacing: 'no',
        generatedContentShown: 'no',
      };
    case 'solution':
      return { hosting: 'azure-openai', model: 'GPT-4o mini', buildOrBuy: 'build', pilotStart: '2027-03-01' };
    case 'value':
      return {
        benefit: 'Proves the bot keeps every write under load.',
        kpis: `KPI ${tag}`,
        pilotCostUsd: '1000',
        priority: 'low',
      };
    default:
      return {};
  }
}

class Recorder {
  readonly report: LoadReport = {
    turns: 0,
    turnsByKind: Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<TurnKind, number>,
    statuses: {},
    serverErrors: 0,
    networkErrors: 0,
    errorCards: 0,
    anomalies: [],
    submissions: [],
    decisions: [],
    latencyMs: Object.fromEntries(KINDS.map((k) => [k, []])) as unknown as Record<TurnKind, number[]>,
    elapsedMs: 0,
  };

  turn(kind: TurnKind, result: PostResult): void {
    const r = this.report;
    r.turns += 1;
    r.turnsByKind[kind] += 1;
    r.statuses[String(result.status)] = (r.statuses[String(result.status)] ?? 0) + 1;
    r.latencyMs[kind].push(result.ms);
    if (result.status >= 500) r.serverErrors += 1;
    if (result.status === 0) r.networkErrors += 1;
    if (result.status !== 200)
      this.anomaly(`${kind}: HTTP ${result.status} ${result.error ?? JSON.stringify(result.body ?? '').slice(0, 200)}`);
  }

  anomaly(text: string): void {
    if (this.report.anomalies.length < 50) this.report.anomalies.push(text);
  }
}

/** One person's conversation: asks questions, walks the wizard to Submit, and has their reviews decided. */
class VirtualConversation {
  private card: any;
  private round = 0;
  private personalData = 'none';
  private readonly reviews: Array<{ reviewId: number; code: string }> = [];
  private readonly chat: ChatClient;

  constructor(
    private readonly options: LoadOptions,
    private readonly person: Person,
    private readonly index: number,
    private readonly rng: Prng,
    private readonly rec: Recorder,
  ) {
    this.chat = new ChatClient(() => options.botUrl, options.serviceUrl, options.tap, person);
  }

  private get tag(): string {
    return `${this.options.run} c${this.index} r${this.round}`;
  }

  /** Sends a chat message and returns the messages the bot sent back to this chat. */
  private async say(kind: TurnKind, text: string): Promise<Array<Record<string, unknown>> | undefined> {
    const { result, replies } = await this.chat.say(text);
    this.rec.turn(kind, result);
    if (result.status !== 200) return undefined;
    if (replies.length === 0) this.rec.anomaly(`${kind}: no reply to "${text}"`);
    if (replies.some((m) => isErrorCard(cardIn(m)))) {
      this.rec.report.errorCards += 1;
      this.rec.anomaly(`${kind}: error card in reply to "${text}"`);
    }
    return replies;
  }

  /** Sends a card action as `actor` and returns the card the bot answered with. */
  private async act(kind: TurnKind, actor: Person, verb: string, data: unknown): Promise<any> {
    const { result, card } = await this.chat.act(verb, data, actor);
    this.rec.turn(kind, result);
    if (result.status !== 200) return undefined;
    if (!card)
      this.rec.anomaly(`${kind}: ${verb} answered without a card: ${JSON.stringify(result.body).slice(0, 200)}`);
    else if (isErrorCard(card)) this.rec.report.errorCards += 1;
    return card;
  }

  async turn(): Promise<void> {
    const r = this.rng.next();
    if (this.reviews.length > 0 && r < 0.35) return this.decide();
    if (r < 0.7) return this.wizard();
    await this.say('question', this.rng.pick(QUESTIONS));
  }

  private async wizard(): Promise<void> {
    if (!this.card) {
      this.personalData = this.rng.chance(0.4) ? 'personal' : 'none';
      const replies = await this.say('wizard-start', 'submit a use case');
      this.card = cardIn(replies?.[replies.length - 1]);
      const resume = executeActions(this.card).find((a) => a.verb === 'intake.resume');
      if (resume) this.card = await this.act('wizard-step', this.person, resume.verb, resume.data);
      return;
    }
    const actions = executeActions(this.card);
    const submit = actions.find((a) => a.verb === 'intake.submit');
    if (submit) return this.submit(submit.data);
    const next = actions.find((a) => a.verb === 'intake.next');
    if (!next) {
      this.rec.anomaly(`wizard: a card without Next or Submit: ${JSON.stringify(this.card).slice(0, 200)}`);
      this.card = undefined;
      return;
    }
    const step = String(next.data?.step);
    const card = await this.act('wizard-step', this.person, next.verb, {
      ...next.data,
      ...stepAnswers(step, this.tag, this.person, this.personalData),
    });
    const moved = executeActions(card).find((a) => a.verb === 'intake.next' || a.verb === 'intake.submit');
    if (card && (!moved || moved.data?.step === step))
      this.rec.anomaly(`wizard: step ${step} did not advance: ${JSON.stringify(card).slice(0, 300)}`);
    this.card = moved ? card : undefined;
  }

  private async submit(data: unknown): Promise<void> {
    const mark = this.options.tap.mark(chatOf(this.person));
    const card = await this.act('submit', this.person, 'intake.submit', data);
    this.card = undefined;
    const text = JSON.stringify(card ?? '');
    const code = /(UC-\d{4,})/.exec(text)?.[1];
    if (!card || !code || !text.includes('submitted')) {
      if (card) this.rec.anomaly(`submit: unexpected answer ${text.slice(0, 300)}`);
      return;
    }
    this.rec.report.submissions.push({
      code,
      title: `Load ${this.tag}`,
      submitterId: this.person.aadObjectId,
      kpis: `KPI ${this.tag}`,
      personalData: this.personalData,
    });
    this.round += 1;
    const reviewId = this.options.tap.reviewIdFor(this.person, mark, code);
    if (reviewId) this.reviews.push({ reviewId, code });
    else this.rec.anomaly(`submit: no review card was sent for ${code}`);
  }

  private async decide(): Promise<void> {
    const { reviewId, code } = this.reviews[0];
    const approver = this.options.approver;
    const view = await this.act('refresh', approver, 'review.refresh', { reviewId });
    const choices = executeActions(view).filter((a) => a.verb === 'review.approve' || a.verb === 'review.reject');
    if (!view || choices.length === 0) {
      this.reviews.shift();
      return;
    }
    const reject = this.rng.chance(0.15);
    const action = choices.find((a) => a.verb === (reject ? 'review.reject' : 'review.approve'))!;
    const version = Number(action.data?.version);
    const card = await this.act('decide', approver, action.verb, {
      ...action.data,
      ...(reject ? { comment: `Rejected by the load test (${code}).` } : {}),
    });
    if (!card) return;
    if (JSON.stringify(card).includes('Your decision was recorded.'))
      this.rec.report.decisions.push({ reviewId, code, version, decision: reject ? 'reject' : 'approve' });
    else this.rec.anomaly(`decide: ${code} v${version} not recorded: ${JSON.stringify(card).slice(0, 300)}`);
  }
}

/**
 * Runs `conversations` concurrent personal chats against the bot for `durationMs`: knowledge questions, the intake
 * wizard through to Submit, and the approver deciding each submission's review. Never throws for a bad answer:
 * everything is counted in the report, which `verifyLoad` then checks against the database.
 */
export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const rec = new Recorder();
  const started = Date.now();
  const deadline = started + options.durationMs;
  const approverChat = await postJson(
    `${options.botUrl}/api/messages`,
    personalActivity(options.serviceUrl, options.approver, { text: 'hello' }),
  );
  if (approverChat.status !== 200) rec.anomaly(`the approver could not say hello: HTTP ${approverChat.status}`);
  let warm = false;
  const warmAt = started + (options.warmupMs ?? 0);
  await Promise.all(
    Array.from({ length: options.conversations }, async (_, i) => {
      const conversation = new VirtualConversation(
        options,
        syntheticPerson(options.run, i + 1),
        i + 1,
        new Prng((options.seed ?? 1) * 7919 + i),
        rec,
      );
      while (Date.now() < deadline) {
        if (!warm && Date.now() >= warmAt) {
          warm = true;
          options.onWarm?.();
        }
        await conversation.turn();
      }
    }),
  );
  rec.report.elapsedMs = Date.now() - started;
  return rec.report;
}

interface UseCaseRow {
  code: string;
  title: string;
  submitter_id: string;
  status: string;
  answers: { basics?: { title?: string }; value?: { kpis?: string }; data?: { personalData?: string } };
}

/**
 * Checks the database against what the bot acknowledged during the run; returns the problems found (empty when none):
 * every acknowledged submission stored with its answers and routed for review, no submission stored twice or without
 * a title, every acknowledged decision in its review and exactly once in the audit trail.
 */
export async function verifyLoad(db: Queryable, report: LoadReport, run: string, approver: Person): Promise<string[]> {
  const problems: string[] = [];
  const codes = report.submissions.map((s) => s.code);
  const stored = await db.query<UseCaseRow>(
    `select code, title, submitter_id, status, answers from use_cases where submitter_id like $1`,
    [`${run}-aad-%`],
  );
  const byCode = new Map(stored.map((r) => [r.code, r]));
  for (const s of report.submissions) {
    const row = byCode.get(s.code);
    if (!row) {
      problems.push(`${s.code} was acknowledged but is not in the database`);
      continue;
    }
    if (
      row.title !== s.title ||
      row.answers.basics?.title !== s.title ||
      row.answers.value?.kpis !== s.kpis ||
      row.answers.data?.personalData !== s.personalData
    ) {
      problems.push(`${s.code} is stored with other answers than were submitted (title "${row.title}")`);
    }
    if (row.submitter_id !== s.submitterId) problems.push(`${s.code} is stored for another submitter`);
    if (row.status === 'submitted') problems.push(`${s.code} was never routed for review`);
  }
  if (stored.length !== codes.length)
    problems.push(
      `${stored.length} use cases are stored for this run but ${codes.length} submissions were acknowledged`,
    );
  if (stored.some((r) => !r.title?.trim())) problems.push('a use case without a title was stored');
  const reviews = await db.query<{
    id: number;
    use_case_code: string;
    state: { decisions: Array<{ approverId: string; version: number; decision: string }> };
  }>('select id, use_case_code, state from reviews where use_case_code = any($1::text[])', [codes]);
  const reviewById = new Map(reviews.map((r) => [Number(r.id), r]));
  if (reviews.length !== codes.length)
    problems.push(`${reviews.length} reviews exist for ${codes.length} acknowledged submissions`);
  for (const d of report.decisions) {
    const review = reviewById.get(d.reviewId);
    const found =
      review?.state.decisions.filter(
        (x) => x.version === d.version && x.approverId === approver.aadObjectId && x.decision === d.decision,
      ) ?? [];
    if (review?.use_case_code !== d.code || found.length !== 1)
      problems.push(
        `the ${d.decision} of ${d.code} at version ${d.version} was acknowledged but the review holds ${found.length} such decisions`,
      );
  }
  const audited = await db.query<{ subject_id: string; version: string; n: number }>(
    `select subject_id, details->>'version' as version, count(*)::int as n from audit_events
      where action = 'review.decided' and subject_type = 'use-case' and subject_id = any($1::text[]) group by 1, 2`,
    [codes],
  );
  const auditCount = new Map(audited.map((a) => [`${a.subject_id}@${a.version}`, a.n]));
  for (const a of audited)
    if (a.n !== 1) problems.push(`${a.subject_id} has ${a.n} audited decisions at version ${a.version}`);
  for (const d of report.decisions)
    if (auditCount.get(`${d.code}@${d.version}`) !== 1)
      problems.push(`the decision on ${d.code} at version ${d.version} is not in the audit trail exactly once`);
  return problems;
}

/** Starts a use case in `chat` and fills every step with valid answers; returns the card of the Review step. */
export async function walkWizardToReview(chat: ChatClient, tag: string, personalData = 'none'): Promise<any> {
  const { replies } = await chat.say('submit a use case');
  let card = cardIn(replies[replies.length - 1]);
  for (let step = 0; step < 8; step += 1) {
    const next = executeActions(card).find((a) => a.verb === 'intake.next');
    if (!next) return card;
    const { result, card: answer } = await chat.act(next.verb, {
      ...next.data,
      ...stepAnswers(String(next.data?.step), tag, chat.person, personalData),
    });
    if (!answer)
      throw new Error(
        `The wizard step ${next.data?.step} was not answered with a card: HTTP ${result.status} ${JSON.stringify(result.body).slice(0, 300)}`,
      );
    card = answer;
  }
  throw new Error(`The wizard did not reach the Review step: ${JSON.stringify(card).slice(0, 300)}`);
}
