import {
  type AdaptiveCard,
  type CardAction,
  type CardElement,
  card,
  executeButton,
  md,
  openUrlButton,
  text,
  trustedMarkdown,
} from '../cards/card-kit';
import type { Announcement } from './announcement';

/** The parts of an announcement its card shows. */
export type AnnouncementContent = Pick<
  Announcement,
  'id' | 'title' | 'body' | 'imageUrl' | 'links' | 'category' | 'requiresAck'
> &
  Partial<Pick<Announcement, 'audience'>>;

/** Where a card is read: a 1:1 chat with the bot, or a team channel (whose readers cannot answer "in our chat"). */
export type ReadingPlace = 'chat' | 'channel';

/** The closing line: how to stop these announcements, in words that fit where the card is read. */
function footer(a: AnnouncementContent, place: ReadingPlace): string {
  if (place === 'chat')
    return `To stop announcements about ${a.category}, tell me "stop announcements about ${a.category}" in our chat.`;
  if (a.audience?.kind === 'category-subscribers')
    return `This channel receives CoE announcements about ${a.category}. To stop them, @mention CoE Assistant here with "unsubscribe this channel from ${a.category}".`;
  return 'Posted to this channel by the CoE. Questions? @mention CoE Assistant here or chat with it.';
}

/** Plain text of a Markdown body for chat previews and notifications (no "**" or link syntax). */
function plainText(markdown: string): string {
  return markdown
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`#>~]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A date-time Teams renders in the reader's own time zone and locale (Adaptive Card DATE/TIME functions). */
export function localDateTime(at: Date): string {
  const iso = at.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `{{DATE(${iso}, SHORT)}} {{TIME(${iso})}}`;
}

/** Capitalised category name for display. */
export function categoryLabel(category: string): string {
  return category.charAt(0).toUpperCase() + category.slice(1).replace(/-/g, ' ');
}

/** The announcement's own elements (heading, image, text, acknowledgement state), shared by the real card and the preview. */
export function announcementBody(
  a: AnnouncementContent,
  acknowledgedAt?: Date,
  place: ReadingPlace = 'chat',
): CardElement[] {
  const elements: CardElement[] = [
    {
      type: 'Container',
      style: 'emphasis',
      bleed: true,
      items: [
        text(`CoE announcement · ${categoryLabel(a.category)}`, { size: 'Small', isSubtle: true, weight: 'Bolder' }),
        text(a.title, { size: 'Large', weight: 'Bolder', style: 'heading', spacing: 'Small' }),
      ],
    },
  ];
  if (a.imageUrl)
    elements.push({ type: 'Image', url: a.imageUrl, altText: a.title, size: 'Stretch', spacing: 'Medium' });
  // The body is written in Markdown by CoE staff (authors), so it may format; the title and links are escaped.
  elements.push(text(trustedMarkdown(a.body), { spacing: 'Medium' }));
  if (a.requiresAck) {
    elements.push(
      acknowledgedAt
        ? text(md`Acknowledged ✓ ${trustedMarkdown(localDateTime(acknowledgedAt))}`, {
            color: 'Good',
            weight: 'Bolder',
            spacing: 'Medium',
          })
        : text(
            md`
Please select **Acknowledge** once you have read and understood this announcement.
            `,
            { isSubtle: true, spacing: 'Medium' },
          ),
    );
  }
  elements.push(
    text(footer(a, place), {
      size: 'Small',
      isSubtle: true,
      spacing: 'Medium',
    }),
  );
  return elements;
}

/** The link buttons, and the Acknowledge button while the reader has not acknowledged. */
export function announcementActions(a: AnnouncementContent, acknowledgedAt?: Date): CardAction[] {
  const actions = a.links.map((l) => openUrlButton(l.title, l.url));
  if (a.requiresAck && !acknowledgedAt)
    actions.unshift(
      executeButton('Acknowledge', 'announce.ack', { id: a.id }, { style: 'positive', associatedInputs: 'none' }),
    );
  return actions;
}

/** The card recipients receive; after an acknowledgement it shows "Acknowledged ✓" instead of the button. */
export function announcementCard(
  a: AnnouncementContent,
  options: { acknowledgedAt?: Date; place?: ReadingPlace } = {},
): AdaptiveCard {
  const body = announcementBody(a, options.acknowledgedAt, options.place);
  return card(body, announcementActions(a, options.acknowledgedAt), {
    fallbackText: `${a.title}: ${plainText(a.body).slice(0, 200)}`,
  });
}
