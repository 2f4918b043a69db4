import { ActivityTypes, type TeamsChannelAccount, TeamsInfo, type TurnContext } from 'botbuilder';
import type { AnnouncementService } from '../../announcements/announcement-service';
import { actorOf } from '../actor-of';
import { conversationKind } from '../turn-helpers';

/** Reads the whole roster when the bot joins a team (best effort: events keep it current afterwards). */
async function loadRoster(context: TurnContext, teamId: string, service: AnnouncementService): Promise<void> {
  let token: string | undefined;
  const tenantId = actorOf(context).tenantId;
  for (let page = 0; page < 50; page += 1) {
    const result = await TeamsInfo.getPagedTeamMembers(context, teamId, 500, token);
    const members: TeamsChannelAccount[] = Array.isArray(result?.members) ? result.members : [];
    await service.addTeamMembers(
      teamId,
      members
        .filter((m) => m.id)
        .map((m) => ({ userId: m.id, aadObjectId: m.aadObjectId, name: m.name, tenantId: m.tenantId ?? tenantId })),
    );
    token = result?.continuationToken;
    if (!token) return;
  }
}

/** Team roster bookkeeping from membership events, for the "members of chosen teams" audience. */
export async function trackTeamRoster(context: TurnContext, service: AnnouncementService): Promise<void> {
  const a = context.activity;
  if (a.type !== ActivityTypes.ConversationUpdate || conversationKind(context) !== 'channel') return;
  const team = (a.channelData as { team?: { id?: string; name?: string } } | undefined)?.team;
  if (!team?.id) return;
  const botId = a.recipient?.id;
  const tenantId = actorOf(context).tenantId;
  const added = a.membersAdded ?? [];
  const removed = (a.membersRemoved ?? []).filter((m) => m.id !== botId).map((m) => m.id);
  if (added.some((m) => m.id === botId)) {
    await service.recordTeamInstall(team.id, team.name, { aadObjectId: a.from?.aadObjectId, name: a.from?.name });
    await loadRoster(context, team.id, service);
  }
  const people = added
    .filter((m) => m.id !== botId)
    .map((m) => ({ userId: m.id, aadObjectId: m.aadObjectId, name: m.name, tenantId }));
  await service.addTeamMembers(team.id, people);
  await service.removeTeamMembers(team.id, removed);
}
