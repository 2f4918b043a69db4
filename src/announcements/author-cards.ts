import {
  type AdaptiveCard,
  type CardAction,
  type CardElement,
  card,
  executeButton,
  facts,
  heading,
  md,
  text,
} from '../cards/card-kit';
import type { Announcement, DeliveryCounts } from './announcement';
import { announcementActions, announcementBody, categoryLabel, localDateTime } from './announcement-card';
import { AUDIENCE_LABELS, type AudienceKind } from './announcement-input';
import type { AudienceOption, AudienceSize } from './audience';

const plural = (n: number, one: string, many = `${one}s`): string =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

function errorBlock(errors: string[] | undefined): CardElement[] {
  if (!errors?.length) return [];
  return [
    {
      type: 'Container',
      style: 'attention',
      items: [
        text('Please fix the following:', { weight: 'Bolder' }),
        ...errors.map((e) => text(`• ${e}`, { spacing: 'None' })),
      ],
    },
  ];
}

const choice = (title: string, value: string) => ({ title, value });

/** The compose form: content, category, audience and acknowledgement, with the author's values and any errors. */
export function composeCard(options: {
  categories: readonly string[];
  teams: AudienceOption[];
  channels: AudienceOption[];
  /** Directory groups (COE_CONFIG groups, read from Entra ID when Graph is on). */
  groups?: AudienceOption[];
  values?: Record<string, string>;
  errors?: string[];
  draft?: { id: number; version: number };
}): AdaptiveCard {
  const v = options.values ?? {};
  const linkRows: CardElement[] = [1, 2, 3].map((i) => ({
    type: 'ColumnSet',
    spacing: 'Small',
    columns: [
      {
        type: 'Column',
        width: 1,
        items: [
          {
            type: 'Input.Text',
            id: `link${i}Title`,
            label: `Link ${i} title`,
            maxLength: 40,
            value: v[`link${i}Title`] ?? '',
          },
        ],
      },
      {
        type: 'Column',
        width: 2,
        items: [
          {
            type: 'Input.Text',
            id: `link${i}Url`,
            label: `Link ${i} URL`,
            style: 'Url',
            regex: '^https://.+',
            errorMessage: 'Use an https:// URL.',
            value: v[`link${i}Url`] ?? '',
          },
        ],
      },
    ],
  }));
  const audienceChoices = (Object.keys(AUDIENCE_LABELS) as AudienceKind[]).map((k) => choice(AUDIENCE_LABELS[k], k));
  const body: CardElement[] = [
    heading(options.draft ? `Edit announcement draft #${options.draft.id}` : 'New announcement', {
      subtle: 'You will see a preview before anything is sent.',
    }),
    ...errorBlock(options.errors),
    {
      type: 'Input.Text',
      id: 'title',
      label: 'Title',
      isRequired: true,
      errorMessage: 'A title is required.',
      maxLength: 150,
      value: v.title ?? '',
    },
    {
      type: 'Input.Text',
      id: 'body',
      label: 'Message (Markdown: **bold**, _italic_, - lists, [link](https://…))',
      isMultiline: true,
      isRequired: true,
      errorMessage: 'A message is required.',
      maxLength: 4000,
      value: v.body ?? '',
    },
    {
      type: 'Input.Text',
      id: 'imageUrl',
      label: 'Image URL (optional, https:// only)',
      style: 'Url',
      regex: '^https://.+',
      errorMessage: 'Use an https:// URL.',
      value: v.imageUrl ?? '',
    },
    text('Link buttons (optional, up to 3)', { weight: 'Bolder', spacing: 'Medium' }),
    ...linkRows,
    {
      type: 'Input.ChoiceSet',
      id: 'category',
      label: 'Category',
      style: 'compact',
      isRequired: true,
      errorMessage: 'Choose a category.',
      value: v.category ?? options.categories[0],
      choices: options.categories.map((c) => choice(categoryLabel(c), c)),
    },
    {
      type: 'Input.ChoiceSet',
      id: 'audience',
      label: 'Audience',
      style: 'expanded',
      isRequired: true,
      value: v.audience ?? 'personal-installs',
      choices: audienceChoices,
    },
  ];
  if (options.teams.length) {
    body.push({
      type: 'Input.ChoiceSet',
      id: 'teamIds',
      label: 'Teams (for "members of chosen teams")',
      isMultiSelect: true,
      style: options.teams.length <= 6 ? 'expanded' : 'compact',
      value: v.teamIds ?? '',
      choices: options.teams.map((t) => choice(t.name, t.id)),
    });
  } else {
    body.push(
      text('CoE Assistant is not installed in any team yet, so there are no teams to choose from.', {
        isSubtle: true,
        size: 'Small',
      }),
    );
  }
  if (options.channels.length) {
    body.push({
      type: 'Input.ChoiceSet',
      id: 'channelIds',
      label: 'Channels (for "chosen channels")',
      isMultiSelect: true,
      style: options.channels.length <= 6 ? 'expanded' : 'compact',
      value: v.channelIds ?? '',
      choices: options.channels.map((c) => choice(c.name, c.id)),
    });
  } else {
    body.push(
      text('No channels are known yet: the bot learns a channel when it is added to the team or mentioned there.', {
        isSubtle: true,
        size: 'Small',
      }),
    );
  }
  if (options.groups?.length) {
    body.push({
      type: 'Input.ChoiceSet',
      id: 'groupIds',
      label: 'Groups (for "members of directory groups")',
      isMultiSelect: true,
      style: options.groups.length <= 6 ? 'expanded' : 'compact',
      value: v.groupIds ?? '',
      choices: options.groups.map((g) => choice(g.name, g.id)),
    });
  }
  body.push({
    type: 'Input.Toggle',
    id: 'requiresAck',
    title: 'Ask recipients to acknowledge',
    value: v.requiresAck === 'true' ? 'true' : 'false',
    valueOn: 'true',
    valueOff: 'false',
    spacing: 'Medium',
  });
  const draftRef = options.draft ? { id: options.draft.id, version: options.draft.version } : {};
  return card(body, [
    executeButton('Preview', 'announce.preview', draftRef, { style: 'positive', associatedInputs: 'auto' }),
    executeButton('Cancel', 'announce.close', draftRef, { associatedInputs: 'none' }),
  ]);
}

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

/** The preview sent to the author: the announcement as recipients will see it, then Send now / Schedule / Edit / Cancel. */
export function previewCard(
  a: Announcement,
  options: { estimate: AudienceSize; audienceLabel: string; errors?: string[]; timeZone?: string },
): AdaptiveCard {
  const { estimate } = options;
  const ref = { id: a.id, version: a.version };
  const linkButtons = announcementActions(a).filter((b) => b.type === 'Action.OpenUrl');
  const body: CardElement[] = [
    heading(`Preview of announcement #${a.id}`, { subtle: 'Only you can see this. Nothing has been sent yet.' }),
    ...errorBlock(options.errors),
    facts([
      ['Category', categoryLabel(a.category)],
      ['Audience', options.audienceLabel],
      [
        'Recipients now',
        `${plural(estimate.recipients, 'recipient')}${estimate.muted ? ` (${plural(estimate.muted, 'person has', 'people have')} muted ${a.category})` : ''}`,
      ],
      ['Acknowledgement', a.requiresAck ? 'Requested' : 'Not requested'],
    ]),
    {
      type: 'Container',
      separator: true,
      spacing: 'Large',
      items: [...announcementBody(a), ...(linkButtons.length ? [{ type: 'ActionSet', actions: linkButtons }] : [])],
    },
    text('Schedule for later (optional)', { weight: 'Bolder', spacing: 'Large', separator: true }),
    {
      type: 'ColumnSet',
      columns: [
        { type: 'Column', width: 1, items: [{ type: 'Input.Date', id: 'scheduleDate', label: 'Date' }] },
        {
          type: 'Column',
          width: 1,
          items: [
            {
              type: 'Input.Time',
              id: 'scheduleTime',
              label: options.timeZone ? `Time (${options.timeZone})` : 'Time (UTC)',
            },
          ],
        },
      ],
    },
  ];
  return card(body, [
    executeButton('Send now', 'announce.send', ref, { style: 'positive', associatedInputs: 'none' }),
    executeButton('Schedule', 'announce.schedule', ref, { associatedInputs: 'auto' }),
    executeButton('Edit', 'announce.edit', ref, { associatedInputs: 'none' }),
    executeButton('Cancel', 'announce.close', ref, { associatedInputs: 'none' }),
  ]);
}

function stateLine(a: Announcement, counts: DeliveryCounts): string {
  switch (a.status) {
    case 'draft':
      return 'Draft (not sent)';
    case 'scheduled':
      return a.scheduledAt ? `Scheduled for ${localDateTime(a.scheduledAt)}` : 'Scheduled';
    case 'sending': {
      const done = counts.sent + counts.failed + counts.unreachable + counts.cancelled;
      const pct = counts.total ? Math.floor((done / counts.total) * 100) : 100;
      return `Sending: ${pct}% done (${done.toLocaleString('en-US')} of ${counts.total.toLocaleString('en-US')})`;
    }
    case 'completed':
      return a.finishedAt ? `Finished ${localDateTime(a.finishedAt)}` : 'Finished';
    case 'cancelled':
      return a.cancelledAt ? `Cancelled ${localDateTime(a.cancelledAt)}` : 'Cancelled';
  }
}

/** The author's live status card: progress counts of the send, refreshed by the worker as it goes. */
export function statusCard(
  a: Announcement,
  counts: DeliveryCounts,
  options: { audienceLabel: string; updatedAt: Date },
): AdaptiveCard {
  const rows: Array<[string, string]> = [
    ['Audience', options.audienceLabel],
    ['Recipients', counts.total.toLocaleString('en-US')],
    ['Queued', (counts.queued + counts.inFlight).toLocaleString('en-US')],
    ['Retrying', counts.retrying.toLocaleString('en-US')],
    ['Sent', counts.sent.toLocaleString('en-US')],
    ['Failed', counts.failed.toLocaleString('en-US')],
    ['Not reachable', counts.unreachable.toLocaleString('en-US')],
    ['Possibly sent twice', counts.possiblySent.toLocaleString('en-US')],
  ];
  if (a.requiresAck)
    rows.push([
      'Acknowledged',
      `${counts.acknowledged.toLocaleString('en-US')} of ${counts.sent.toLocaleString('en-US')}`,
    ]);
  if (a.mutedCount) rows.push(['Skipped (muted the category)', a.mutedCount.toLocaleString('en-US')]);
  if (counts.cancelled) rows.push(['Cancelled before sending', counts.cancelled.toLocaleString('en-US')]);
  const ref = { id: a.id };
  const actions: CardAction[] = [
    executeButton('Refresh', 'announce.status', ref, { associatedInputs: 'none' }),
    executeButton('Export CSV', 'announce.export', ref, { associatedInputs: 'none' }),
  ];
  if (a.status === 'scheduled' || a.status === 'sending')
    actions.push(
      executeButton('Cancel send', 'announce.cancel', ref, { style: 'destructive', associatedInputs: 'none' }),
    );
  const body: CardElement[] = [
    heading(`Announcement #${a.id}: ${a.title}`, { subtle: stateLine(a, counts) }),
    facts(rows),
    ...(counts.possiblySent
      ? [
          text(
            '"Possibly sent twice" are messages that were in flight when a bot instance stopped; they were sent again, so a few people may see the announcement twice.',
            { size: 'Small', isSubtle: true },
          ),
        ]
      : []),
    text(`Updated ${localDateTime(options.updatedAt)}`, { size: 'Small', isSubtle: true }),
  ];
  return card(
    body,
    actions,
    a.authorUserId
      ? { refresh: { action: executeButton('Refresh', 'announce.status', ref), userIds: [a.authorUserId] } }
      : {},
  );
}

function itemActions(a: Announcement): CardAction[] {
  const ref = { id: a.id, version: a.version };
  switch (a.status) {
    case 'draft':
      return [
        executeButton('Edit', 'announce.edit', ref),
        executeButton('Duplicate', 'announce.duplicate', ref),
        executeButton('Delete', 'announce.delete', ref, { style: 'destructive' }),
      ];
    case 'scheduled':
    case 'sending':
      return [
        executeButton('Status', 'announce.status', ref),
        executeButton('Cancel send', 'announce.cancel', ref, { style: 'destructive' }),
      ];
    default:
      return [
        executeButton('Status', 'announce.status', ref),
        executeButton('Duplicate', 'announce.duplicate', ref),
        executeButton('Export CSV', 'announce.export', ref),
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
  return card(body, [executeButton('New announcement', 'announce.new', {}, { style: 'positive' })]);
}

/** A short card that replaces a form or preview once it has done its job. */
export function noticeCard(title: string, message: string, actions: CardAction[] = []): AdaptiveCard {
  return card([text(title, { weight: 'Bolder', size: 'Medium' }), text(message)], actions);
}
