/**
 * Who acts: the person as the Teams activity (or the dashboard tab's token) identifies them, never as card data says.
 * Every capability takes this one type; `aadObjectId` is absent only when Teams sent no Entra identity.
 */
export interface Actor {
  /** The person's Entra object id, the key of every permission check. */
  aadObjectId?: string;
  name: string;
  /** The channel's id for the person (Teams `from.id`), for replies to them. */
  userId?: string;
  tenantId?: string;
  /** The conversation the action came from. */
  conversationId?: string;
}
