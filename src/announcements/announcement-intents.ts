import { z } from 'zod';
import type { IntentDefinition } from '../intents/intent';
import { stemWord } from '../knowledge/retrieval/english-stemmer';
import { NOT_AN_AUTHOR } from './announcement-access';

/** The configured category named in the text ("event announcements" -> "events"), if any. */
export function categoryIn(text: string, categories: readonly string[]): string | undefined {
  const stems = new Set((text.toLowerCase().match(/[a-z]+/g) ?? []).map(stemWord));
  return categories.find((c) => stems.has(stemWord(c.toLowerCase())));
}

/** Announcements' intents: compose, the author's list, muting categories and channel subscriptions. */
export function announcementIntents(options: { categories: readonly string[] }): IntentDefinition[] {
  const { categories } = options;
  const category = (
    categories.length ? z.enum(categories as [string, ...string[]]) : z.string().regex(/^[a-z-]{1,40}$/)
  ).describe('The announcement category');
  const categorySlots = z.object({ category: category.optional() });
  const extractCategory = (text: string) => ({ category: categoryIn(text, categories) });
  const list = categories.join(', ');
  return [
    {
      id: 'announce.compose',
      title: 'Announce',
      command: 'announce',
      description: 'CoE staff: compose, preview, schedule and send an announcement to teams, channels or people.',
      exact: [/^\s*announce\s*$/i],
      slots: z.object({}),
      roles: ['author', 'admin'],
      refusal: NOT_AN_AUTHOR,
      examples: [
        'compose an announcement',
        'announce something',
        'send a broadcast',
        'broadcast news to the teams',
        'announce',
        'I want to post an announcement',
        'send an announcement to everyone',
        'write an announcement',
        'new announcement',
        'broadcast a message to all staff',
        'compose an announcement about the new model',
        'post a news item to the channels',
        'let everyone know about the training',
        'notify all users',
        'create a broadcast',
        'draft an announcement',
      ],
    },
    {
      id: 'announce.mine',
      title: 'My announcements',
      command: 'announcements',
      description: 'CoE staff: list recent announcement drafts and sends, with their status.',
      exact: [/^\s*(my\s+)?announcements\s*$/i],
      slots: z.object({}),
      roles: ['author', 'admin'],
      refusal: NOT_AN_AUTHOR,
      examples: [
        'which announcements have I sent',
        'announcements I have sent',
        'list my announcement drafts',
        'my announcement drafts',
        'announcements I sent',
        'what have I announced',
        'announcements',
        'my announcements',
        'show my announcement drafts',
        'list the announcements I sent',
        'status of my announcements',
        'what announcements are scheduled',
        'my broadcasts',
        'did my announcement go out',
        'delivery report of my last announcement',
      ],
    },
    {
      id: 'announce.mute',
      title: 'Mute a category',
      command: `stop announcements about ${categories[0] ?? 'events'}`,
      description: `Stop receiving announcements of one category (${list}).`,
      exact: [
        /^\s*(?:stop|mute)\s+announcements\s+(?:about|on|for|in)\s+(?:the\s+)?[\w-]+(?:\s+category)?\s*[.!]?\s*$/i,
      ],
      slots: categorySlots,
      extractSlots: extractCategory,
      roles: ['everyone'],
      examples: [
        'stop the messages about events',
        'enough event messages',
        'stop announcements about events',
        'please stop sending me event announcements',
        'mute training announcements',
        'I do not want model updates anymore',
        'unsubscribe me from events',
        'no more policy announcements please',
        'turn off announcements about training',
        'too many announcements, make them stop',
        'opt out of event news',
        'silence the models category',
        'I do not want to get these event messages',
      ],
    },
    {
      id: 'announce.unmute',
      title: 'Resume a category',
      command: `resume announcements about ${categories[0] ?? 'events'}`,
      description: `Receive announcements of a muted category again (${list}).`,
      exact: [
        /^\s*(?:resume|unmute|start)\s+announcements\s+(?:about|on|for|in)\s+(?:the\s+)?[\w-]+(?:\s+category)?\s*[.!]?\s*$/i,
      ],
      slots: categorySlots,
      extractSlots: extractCategory,
      roles: ['everyone'],
      examples: [
        'enable training news again',
        'enable event announcements',
        'switch model news back on',
        'resume announcements about events',
        'unmute training announcements',
        'send me event announcements again',
        'turn announcements about models back on',
        'I want policy news again',
        'opt back in to training updates',
        'subscribe me to events again',
        'start sending me announcements on models',
        'I miss the event announcements, turn them on',
      ],
    },
    {
      id: 'announce.subscribe-channel',
      title: 'Subscribe this channel',
      command: `subscribe this channel to ${categories[0] ?? 'events'}`,
      description: `In a team channel: post announcements of a category (${list}) to this channel.`,
      exact: [/^\s*subscribe\s+this\s+channel\s+(?:to|from)\s+[\w-]+\s*[.!]?\s*$/i],
      slots: categorySlots,
      extractSlots: extractCategory,
      roles: ['everyone'],
      examples: [
        'post model announcements here',
        'announcements about models here please',
        'this channel wants training news',
        'subscribe this channel to models',
        'post model announcements in this channel',
        'send event announcements to this channel',
        'add this channel to the training announcements',
        'can this channel get policy announcements',
        'I want announcements about events posted here',
        'follow model news in this channel',
      ],
    },
    {
      id: 'announce.unsubscribe-channel',
      title: 'Unsubscribe this channel',
      command: `unsubscribe this channel from ${categories[0] ?? 'events'}`,
      description: `In a team channel: stop posting announcements of a category (${list}) to this channel.`,
      exact: [/^\s*unsubscribe\s+this\s+channel\s+(?:to|from)\s+[\w-]+\s*[.!]?\s*$/i],
      slots: categorySlots,
      extractSlots: extractCategory,
      roles: ['everyone'],
      examples: [
        'this channel does not need event announcements',
        'no model announcements in this channel please',
        'unsubscribe this channel from models',
        'stop posting event announcements in this channel',
        'remove this channel from training announcements',
        'no more policy announcements here in this channel',
        'this channel should not get model news',
      ],
    },
  ];
}
