import {
  type AdaptiveCard,
  type CardAction,
  type CardElement,
  card,
  executeButton,
  heading,
  md,
  text,
} from '../cards/card-kit';
import type { Announcement } from './announcement';
import { localDateTime } from './announcement-card';
import { AUDIENCE_LABELS } from './announcement-input';
import { ANNOUNCE_VERBS } from './announcement-verbs';
import { plural } from './card-parts';

/** A plain description of the audience, naming the chosen teams or channels when there are few. */
export function describeAudience(
  a: Pick<Announcement, 'audience' | 'category'>,
  names: Map<string, string> = new Map(),
): string {
  const named = (ids: string[]) =>
    ids.length <= 3 ? ids.map((id) => names.get(id) ?? id).join(', ') : plural(ids.length, 'item');
  switch (a.audience.kind) {
    case 'personal-installs':
      return AUDIENCE_LABELS['personal-installs'];
    case 'team-members':
      return `Members of ${named(a.audience.teamIds)} (1:1)`;
    case 'channels':
      return `Channels: ${named(a.audience.conversationIds)}`;
    case 'category-subscribers':
      return `Channels subscribed to ${a.category}`;
    case 'directory-groups':
      return `Members of ${named(a.audience.groupIds)} (1:1)`;
  }
}

function itemActions(a: Announcement): CardAction[] {
  const ref = { id: a.id, version: a.version };
  switch (a.status) {
    case 'draft':
      return [
        executeButton('Edit', ANNOUNCE_VERBS.edit, ref),
        executeButton('Duplicate', ANNOUNCE_VERBS.duplicate, ref),
        executeButton('Delete', ANNOUNCE_VERBS.delete, ref, { style: 'destructive' }),
      ];
    case 'scheduled':
    case 'sending':
      return [
        executeButton('Status', ANNOUNCE_VERBS.status, ref),
        executeButton('Cancel send', ANNOUNCE_VERBS.cancel, ref, { style: 'destructive' }),
      ];
    default:
      return [
        executeButton('Status', ANNOUNCE_VERBS.status, ref),
        executeButton('Duplicate', ANNOUNCE_VERBS.duplicate, ref),
        executeButton('Export CSV', ANNOUNCE_VERBS.export, ref),
      ];
  }
}

/** Recent drafts and sends, each with the actions that fit its state. */
export function announcementListCard(items: Announcement[], options: { showAuthors: boolean }): AdaptiveCard {
  const body: CardElement[] = [
    heading('Announcements', {
      subtle: options.showAuthors ? 'The most recent, by every author' : 'Your most recent drafts and sends',
    }),
  ];
  if (items.length === 0)
    body.push(
      text(md`
There are no announcements yet. Select **New announcement** to write one.
      `),
    );
  for (const a of items) {
    const when = a.status === 'scheduled' && a.scheduledAt ? ` · for ${localDateTime(a.scheduledAt)}` : '';
    body.push({
      type: 'Container',
      separator: true,
      spacing: 'Medium',
      items: [
        text(md`**#${a.id} ${a.title}**`),
        text(`${a.status}${when} · ${a.category}${options.showAuthors ? ` · ${a.authorName}` : ''}`, {
          isSubtle: true,
          spacing: 'None',
          size: 'Small',
        }),
        { type: 'ActionSet', actions: itemActions(a) },
      ],
    });
  }
  return card(body, [executeButton('New announcement', ANNOUNCE_VERBS.new, {}, { style: 'positive' })], {
    fallbackText: items.length ? `Announcements: ${plural(items.length, 'recent item')}` : 'No announcements yet',
  });
}

/** A short card that replaces a form or preview once it has done its job. */
export function noticeCard(title: string, message: string, actions: CardAction[] = []): AdaptiveCard {
  return card([text(title, { weight: 'Bolder', size: 'Medium' }), text(message)], actions, {
    fallbackText: `${title}. ${message}`,
  });
}
