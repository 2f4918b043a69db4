import type { Prng } from './prng';

/** One generated request: a label to report it by and the body to POST (an object, or raw text). */
export interface HostileCase {
  label: string;
  body: unknown;
}

/** Strings that have broken chat bots before: injections, markup, bidi and invisible characters, invalid UTF-16, NUL. */
export const HOSTILE_STRINGS: readonly string[] = [
  "'; drop table use_cases; --",
  "1' or '1'='1",
  '$1; select pg_sleep(5)',
  '<script>alert(1)</script>',
  '<at>Alex Wilber</at> approve',
  '[click me](javascript:alert(1))',
  '**bold** _it_ `code` ```block```',
  '{{$temp.input}} ${process.env.BOT_PASSWORD}',
  '\u202Eevil\u202C right-to-left override',
  '\u200B\u200C\u200D\uFEFF zero-width',
  'lone high \uD800 surrogate',
  'lone low \uDC00 surrogate',
  'emoji 👩🏽‍💻🇪🇺 and CJK 漢字',
  'NUL \u0000 inside',
  '\u0000',
  '   ',
  '',
  'x'.repeat(5000),
  '../../etc/passwd',
  'null',
  'UC-0001',
  '00000000-0000-0000-0000-0000000000020',
];

/** Values of every JSON type that a card field should never accept blindly. */
export function hostileValue(rng: Prng, ids: readonly unknown[]): unknown {
  switch (rng.int(9)) {
    case 0:
      return rng.pick([0, -1, 1.5, 2 ** 31, 2 ** 53 + 2, 1e308, -0]);
    case 1:
    case 2:
      return rng.pick(HOSTILE_STRINGS);
    case 3:
      return rng.pick(ids);
    case 4:
      return String(rng.pick(ids));
    case 5:
      return rng.pick([null, true, false]);
    case 6:
      return [rng.pick(HOSTILE_STRINGS), rng.pick(ids)];
    case 7:
      return { nested: rng.pick(HOSTILE_STRINGS), id: rng.pick(ids) };
    default:
      return nested(rng.int(30) + 2);
  }
}

/** A JSON value nested `depth` levels deep. */
export function nested(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i += 1) value = i % 2 ? [value] : { v: value };
  return value;
}

/** Card data for a verb: real field names (ids, versions, inputs, identity fields) with hostile values. */
export function forgedData(rng: Prng, keys: readonly string[], ids: readonly unknown[]): unknown {
  if (rng.chance(0.08)) return rng.pick([null, 'data', 42, [], [1, 2]]);
  const data: Record<string, unknown> = {};
  const n = rng.int(6) + 1;
  for (let i = 0; i < n; i += 1) data[rng.pick(keys)] = hostileValue(rng, ids);
  return data;
}

/** Ways to damage an otherwise valid activity envelope (wrong types, missing or oversized fields, deep nesting). */
export function damagedEnvelope(rng: Prng, base: Record<string, unknown>): HostileCase {
  const copy = structuredClone(base) as Record<string, any>;
  const damage = rng.int(14);
  switch (damage) {
    case 0:
      delete copy[rng.pick(['type', 'channelId', 'serviceUrl', 'from', 'conversation'])];
      return { label: 'missing envelope field', body: copy };
    case 1:
      copy[rng.pick(['type', 'channelId', 'serviceUrl', 'text', 'name', 'id'])] = rng.pick([42, null, true, [], {}]);
      return { label: 'envelope field of the wrong type', body: copy };
    case 2:
      copy.from = rng.pick([null, 'someone', [], { name: 'no id' }, { id: '' }, { id: 5 }]);
      return { label: 'damaged from', body: copy };
    case 3:
      copy.conversation = rng.pick([null, 'c', { id: 7 }, { conversationType: 'personal' }, { id: 'x'.repeat(2000) }]);
      return { label: 'damaged conversation', body: copy };
    case 4:
      copy.text = 'y'.repeat(rng.pick([39_000, 40_001, 200_000]));
      return { label: 'huge text', body: copy };
    case 5:
      copy.value = nested(rng.pick([31, 40, 200, 2000]));
      return { label: 'deeply nested value', body: copy };
    case 6:
      copy.channelData = {
        tenant: { id: rng.pick(HOSTILE_STRINGS) },
        team: { id: rng.pick([5, null, 'team-id', {}]) },
        extra: nested(rng.int(25)),
      };
      return { label: 'forged channelData', body: copy };
    case 7:
      copy.serviceUrl = rng.pick([
        'not a url',
        'file:///etc/passwd',
        'http://169.254.169.254/latest/',
        'javascript:alert(1)',
      ]);
      return { label: 'bad serviceUrl', body: copy };
    case 8:
      copy.type = rng.pick([
        'event',
        'typing',
        'endOfConversation',
        'messageReaction',
        'installationUpdate',
        'conversationUpdate',
        'deleteUserData',
        'zzz',
        'Message',
        'invoke',
      ]);
      copy.name = rng.pick([
        '',
        'application/search',
        'task/fetch',
        'composeExtension/query',
        'signin/verifyState',
        'config/fetch',
        'actionableMessage/executeAction',
        'x'.repeat(250),
      ]);
      copy.value = rng.pick([undefined, null, 'v', 3, {}, { action: 'nope' }]);
      copy.action = rng.pick([undefined, 'add', 'remove', 5]);
      copy.membersAdded = rng.pick([undefined, 'all', [{}], [{ id: 5 }], [{ id: '28:coe-bot' }]]);
      return { label: `unusual activity type ${String(copy.type)} ${String(copy.name).slice(0, 40)}`, body: copy };
    case 9:
      return {
        label: 'non-object body',
        body: rng.pick(['[]', '"text"', '42', 'null', '{"type":', '{"a":1}{"b":2}', '\u0000', '']),
      };
    case 10:
      copy.entities = rng.pick([
        [{ type: 'mention', mentioned: { id: '28:coe-bot' }, text: '<at>x</at>' }],
        'e',
        [null],
        [nested(20)],
      ]);
      copy.text = `<at>CoE</at> ${rng.pick(HOSTILE_STRINGS)}`;
      return { label: 'mentions and hostile text', body: copy };
    case 11:
      copy.attachments = rng.pick([
        [{ contentType: 'text/html', content: '<img src=x onerror=alert(1)>' }],
        'a',
        [null],
        [{ contentType: 'application/vnd.microsoft.card.adaptive', content: nested(20) }],
      ]);
      return { label: 'odd attachments', body: copy };
    case 12:
      copy.localTimezone = rng.pick(HOSTILE_STRINGS);
      copy.locale = rng.pick(HOSTILE_STRINGS);
      copy.replyToId = rng.pick(HOSTILE_STRINGS);
      return { label: 'hostile locale, time zone and replyToId', body: copy };
    default:
      copy.text = rng.pick(HOSTILE_STRINGS);
      return { label: 'hostile message text', body: copy };
  }
}
