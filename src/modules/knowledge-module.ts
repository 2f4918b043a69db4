import { AskTheCoe } from '../knowledge/escalation/ask-the-coe';
import { DocumentLinkSigner } from '../knowledge/documents/document-links';
import { AnswerLog } from '../knowledge/feedback/answer-log';
import { recordFeedback } from '../knowledge/feedback/feedback-store';
import { gapsWithExperts, knowledgeGaps } from '../knowledge/feedback/knowledge-gaps';
import { KnowledgeService } from '../knowledge/knowledge-service';
import { cardActivity } from '../teams/card-activity';
import { playbookRoute } from '../teams/playbook-route';
import { knowledgeRoutes } from '../teams/routes/knowledge-routes';
import type { ModuleParts, Platform } from './platform';

/**
 * Knowledge: the playbook index and answer pipeline, "Ask the CoE" escalations (posted to the experts' channel
 * through the Teams gateway), answer feedback and gaps, the question routes and the playbook pages.
 */
export async function createKnowledgeModule(p: Platform) {
  const { env, org, db, logger } = p;
  const documentLinks = new DocumentLinkSigner({
    secret: env.COE_LINK_SECRET,
    ttlSeconds: env.COE_LINK_TTL_MINUTES * 60,
  });
  if (!env.COE_LINK_SECRET)
    logger.info(
      'COE_LINK_SECRET is not set: links to restricted playbooks are signed with a key made at start, so they stop working when this instance restarts and on other instances.',
    );
  const knowledge = await KnowledgeService.create({
    db,
    logger: logger.child({ component: 'knowledge' }),
    openAi: env.openAi,
    azureSearch: env.azureSearch,
    publicBaseUrl: env.PUBLIC_BASE_URL ?? `http://localhost:${env.PORT || 3978}`,
    documentLinks,
  });
  const experts = org.channels.experts;
  const askTheCoe = new AskTheCoe(db, knowledge, {
    audit: p.audit,
    postToExperts: experts
      ? async (card) => void (await p.gateway.postToChannel(experts.conversationId, cardActivity(card)))
      : undefined,
    perHour: org.rateLimits.escalationsPerHour,
    logger: logger.child({ component: 'escalations' }),
  });
  const answers = new AnswerLog(db);
  const feedback = {
    record: (input: Parameters<typeof recordFeedback>[1]) => recordFeedback(db, input),
    gaps: (limit: number, options?: { includeHandled?: boolean }) => knowledgeGaps(db, limit, options),
    withExperts: () => gapsWithExperts(db),
  };
  const parts: ModuleParts = {
    routes: knowledgeRoutes(knowledge, askTheCoe, answers, { feedback, audit: p.audit }),
    httpRoutes: [playbookRoute({ dir: env.playbooksDir, links: documentLinks, directory: p.directory, logger })],
  };
  return { knowledge, askTheCoe, answers, ...parts };
}
