import { type AdaptiveCard, type CardElement, card, executeButton, facts, heading, text } from '../cards/card-kit';
import type { Announcement } from './announcement';
import { announcementActions, announcementBody, categoryLabel } from './announcement-card';
import { ANNOUNCE_VERBS } from './announcement-verbs';
import type { AudienceSize } from './audience';
import { errorBlock, plural } from './card-parts';

/** The schedule inputs, stacked so the time picker never runs past the card's edge on a narrow chat. */
function schedulePicker(timeZone: string | undefined): CardElement {
  return {
    type: 'Container',
    separator: true,
    spacing: 'Large',
    items: [
      text('Schedule for later (optional)', { weight: 'Bolder' }),
      { type: 'Input.Date', id: 'scheduleDate', label: 'Date' },
      { type: 'Input.Time', id: 'scheduleTime', label: timeZone ? `Time (${timeZone})` : 'Time (UTC)' },
    ],
  };
}

/** The preview sent to the author: the announcement as recipients will see it, then Send now / Schedule / Edit / Cancel. */
export function previewCard(
  a: Announcement,
  options: { estimate: AudienceSize; audienceLabel: string; errors?: string[]; timeZone?: string },
): AdaptiveCard {
  const { estimate } = options;
  const ref = { id: a.id, version: a.version };
  const linkButtons = announcementActions(a).filter((b) => b.type === 'Action.OpenUrl');
  const place = a.audience.kind === 'channels' || a.audience.kind === 'category-subscribers' ? 'channel' : 'chat';
  const muted = estimate.muted ? ` (${plural(estimate.muted, 'person has', 'people have')} muted ${a.category})` : '';
  const body: CardElement[] = [
    heading(`Preview of announcement #${a.id}`, { subtle: 'Only you can see this. Nothing has been sent yet.' }),
    ...errorBlock(options.errors),
    facts([
      ['Category', categoryLabel(a.category)],
      ['Audience', options.audienceLabel],
      ['Recipients now', `${plural(estimate.recipients, 'recipient')}${muted}`],
      ['Acknowledgement', a.requiresAck ? 'Requested' : 'Not requested'],
    ]),
    {
      type: 'Container',
      separator: true,
      spacing: 'Large',
      items: [
        ...announcementBody(a, undefined, place),
        ...(linkButtons.length ? [{ type: 'ActionSet', actions: linkButtons }] : []),
      ],
    },
    schedulePicker(options.timeZone),
  ];
  return card(
    body,
    [
      executeButton('Send now', ANNOUNCE_VERBS.send, ref, { style: 'positive', associatedInputs: 'none' }),
      executeButton('Schedule', ANNOUNCE_VERBS.schedule, ref, { associatedInputs: 'auto' }),
      executeButton('Edit', ANNOUNCE_VERBS.edit, ref, { associatedInputs: 'none' }),
      executeButton('Cancel', ANNOUNCE_VERBS.close, ref, { associatedInputs: 'none' }),
    ],
    { fallbackText: `Preview of announcement #${a.id}: ${a.title}` },
  );
}
