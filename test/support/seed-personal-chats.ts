import type { Queryable } from '../../src/store/database';

/** Stores `count` personal chats (ids `a:<prefix>-<i>`, users `<prefix>-aad-<i>`) reachable through `serviceUrl`. */
export async function seedPersonalChats(
  db: Queryable,
  serviceUrl: string,
  count: number,
  prefix = 'user',
): Promise<string[]> {
  await db.query(
    `insert into conversation_references (conversation_id, kind, aad_object_id, user_name, tenant_id, service_url, reference, status)
     select 'a:' || $2 || '-' || i, 'personal', $2 || '-aad-' || i, 'Person ' || i, 'tenant-1', $1::text,
            jsonb_build_object('channelId', 'msteams', 'serviceUrl', $1::text, 'bot', jsonb_build_object('id', '28:coe-bot'),
              'user', jsonb_build_object('id', '29:' || $2 || '-' || i),
              'conversation', jsonb_build_object('id', 'a:' || $2 || '-' || i, 'conversationType', 'personal', 'tenantId', 'tenant-1')),
            'active'
       from generate_series(1, $3::int) as i`,
    [serviceUrl, prefix, count],
  );
  return Array.from({ length: count }, (_, i) => `a:${prefix}-${i + 1}`);
}
