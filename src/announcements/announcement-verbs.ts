/** The Action.Execute verbs of announcement cards. */
export const ANNOUNCE_VERBS = {
  new: 'announce.new',
  audience: 'announce.audience',
  preview: 'announce.preview',
  edit: 'announce.edit',
  duplicate: 'announce.duplicate',
  delete: 'announce.delete',
  send: 'announce.send',
  schedule: 'announce.schedule',
  cancel: 'announce.cancel',
  close: 'announce.close',
  status: 'announce.status',
  export: 'announce.export',
  list: 'announce.list',
  ack: 'announce.ack',
} as const;

export type AnnounceVerb = (typeof ANNOUNCE_VERBS)[keyof typeof ANNOUNCE_VERBS];
