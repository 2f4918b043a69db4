import {
  type AdaptiveCard,
  type CardAction,
  type CardElement,
  card,
  executeButton,
  facts,
  heading,
  text,
} from '../cards/card-kit';
import type { Announcement, DeliveryCounts } from './announcement';
import { localDateTime } from './announcement-card';
import { ANNOUNCE_VERBS } from './announcement-verbs';
import { plural } from './card-parts';

const n = (v: number): string => v.toLocaleString('en-US');

/** Where the send stands, in a few words (also the status message's chat preview). */
export function statusLine(a: Announcement, counts: DeliveryCounts): string {
  switch (a.status) {
    case 'draft':
      return 'Draft (not sent)';
    case 'scheduled':
      return a.scheduledAt ? `Scheduled for ${localDateTime(a.scheduledAt)}` : 'Scheduled';
    case 'sending': {
      const done = counts.sent + counts.failed + counts.unreachable + counts.cancelled;
      const pct = counts.total ? Math.floor((done / counts.total) * 100) : 100;
      return `Sending: ${pct}% done (${n(done)} of ${n(counts.total)})`;
    }
    case 'completed':
      return a.finishedAt ? `Finished ${localDateTime(a.finishedAt)}` : 'Finished';
    case 'cancelled':
      return a.cancelledAt ? `Cancelled ${localDateTime(a.cancelledAt)}` : 'Cancelled';
  }
}

/** The one line an author needs: how many got it and how many could not be reached. */
function outcomeLine(a: Announcement, counts: DeliveryCounts): string | undefined {
  const missed = counts.failed + counts.unreachable;
  const notReached = missed ? ` · ${plural(missed, 'recipient')} could not be reached` : '';
  if (a.status === 'completed') return `Delivered to ${plural(counts.sent, 'recipient')}${notReached}`;
  if (a.status === 'cancelled') return `Delivered to ${plural(counts.sent, 'recipient')} before it was cancelled`;
  return undefined;
}

/** The operations counters, for CoE admins (behind Details). */
function operations(a: Announcement, counts: DeliveryCounts): CardElement[] {
  const rows: Array<[string, string]> = [
    ['Recipients', n(counts.total)],
    ['Queued', n(counts.queued + counts.inFlight)],
    ['Retrying', n(counts.retrying)],
    ['Sent', n(counts.sent)],
    ['Failed', n(counts.failed)],
    ['Not reachable', n(counts.unreachable)],
    ['Possibly sent twice', n(counts.possiblySent)],
  ];
  if (a.mutedCount) rows.push(['Skipped (muted the category)', n(a.mutedCount)]);
  if (counts.cancelled) rows.push(['Cancelled before sending', n(counts.cancelled)]);
  return [
    facts(rows),
    ...(counts.possiblySent
      ? [
          text(
            '"Possibly sent twice" are messages that were in flight when a bot instance stopped; they were sent again, so a few people may see the announcement twice.',
            { size: 'Small', isSubtle: true },
          ),
        ]
      : []),
  ];
}

/**
 * The author's one status message of a send, updated in place as it goes: where it stands, who got it, and (for CoE
 * admins only) the operations counters behind Details.
 */
export function statusCard(
  a: Announcement,
  counts: DeliveryCounts,
  options: { audienceLabel: string; updatedAt: Date; showOperations?: boolean },
): AdaptiveCard {
  const line = statusLine(a, counts);
  const outcome = outcomeLine(a, counts);
  const rows: Array<[string, string]> = [['Audience', options.audienceLabel]];
  if (a.requiresAck && (a.status === 'sending' || a.status === 'completed'))
    rows.push(['Acknowledged', `${n(counts.acknowledged)} of ${n(counts.sent)}`]);
  const ref = { id: a.id };
  const actions: CardAction[] = [];
  if (options.showOperations)
    actions.push({
      type: 'Action.ShowCard',
      title: 'Details',
      card: { type: 'AdaptiveCard', version: '1.5', body: operations(a, counts) },
    });
  if (a.status !== 'draft' && a.status !== 'scheduled')
    actions.push(executeButton('Export CSV', ANNOUNCE_VERBS.export, ref, { associatedInputs: 'none' }));
  if (a.status === 'scheduled' || a.status === 'sending')
    actions.push(
      executeButton('Cancel send', ANNOUNCE_VERBS.cancel, ref, { style: 'destructive', associatedInputs: 'none' }),
    );
  const body: CardElement[] = [
    heading(`Announcement #${a.id}: ${a.title}`, { subtle: line }),
    ...(outcome ? [text(outcome, { weight: 'Bolder', spacing: 'Small' })] : []),
    facts(rows),
    text(`Updated ${localDateTime(options.updatedAt)}`, { size: 'Small', isSubtle: true }),
  ];
  const refresh = a.authorUserId
    ? { refresh: { action: executeButton('Refresh', ANNOUNCE_VERBS.status, ref), userIds: [a.authorUserId] } }
    : {};
  const summary = outcome ?? (a.status === 'sending' ? line : a.status);
  return card(body, actions, { fallbackText: `Announcement #${a.id}: ${summary}`, ...refresh });
}
