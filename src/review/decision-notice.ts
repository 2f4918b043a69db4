/** The sentences a decision leaves behind: the submitter's notice and the audit trail's account of a membership check. */
import type { OrgConfig } from '../org-settings';
import type { MembershipCheck } from './decision-membership';
import type { NoticeText } from './review-effects';
import type { ReviewState } from './review-types';

/** A membership check as the audit trail records it, with a sentence saying when a cached answer stood in for Graph. */
export function membershipDetails(check: MembershipCheck): Record<string, unknown> {
  const statement =
    check.source === 'cache' && check.error
      ? `Microsoft Graph was unavailable (${check.error}); the membership cached at ${check.fetchedAt} was used.`
      : check.source === 'route'
        ? `The directory was unavailable with nothing cached (${check.error}); the approvers recorded at routing were used.`
        : check.source === 'config' && check.error
          ? `Microsoft Graph was unavailable (${check.error}); the members listed in COE_CONFIG were used.`
          : undefined;
  return { ...check, ...(statement ? { statement } : {}) };
}

/** What the submitter is told about the latest decision, fixed when the decision commits. */
export function decisionNotice(
  state: ReviewState,
  stageId: string,
  onResubmit: OrgConfig['review']['onResubmit'],
  waiting: string | undefined,
): NoticeText {
  const decision = state.decisions[state.decisions.length - 1];
  const stage = state.stages.find((s) => s.id === stageId)!;
  const quoted = decision.comment ? `: "${decision.comment}"` : '.';
  let title: string;
  const lines: string[] = [];
  if (state.status === 'approved') {
    title = `${state.useCaseCode} is approved`;
    lines.push(
      `${decision.approverName} approved ${stage.name}${quoted}`,
      'Every review stage has approved your use case.',
    );
    const conditions = state.stages.flatMap((s) =>
      s.approvals.filter((a) => a.comment).map((a) => `${a.approverName} (${s.name}): "${a.comment}"`),
    );
    if (conditions.length)
      lines.push(`Conditions and comments from approvers, binding on the use case owner: ${conditions.join('; ')}.`);
  } else if (state.status === 'rejected') {
    title = `${state.useCaseCode} was rejected`;
    lines.push(
      `${decision.approverName} rejected it at ${stage.name}${quoted}`,
      `The review has ended. You can discuss the decision with the approver or the CoE lead; a substantially different proposal can be submitted as a new use case that references ${state.useCaseCode}.`,
    );
  } else if (state.status === 'changes-requested') {
    title = `Changes requested on ${state.useCaseCode}`;
    lines.push(
      `${decision.approverName} asked for changes at ${stage.name}${quoted}`,
      `Edit the use case in CoE Assistant and resubmit it. ${onResubmit === 'keep' ? 'Approvals already given are kept.' : 'All approvals will be reset when you resubmit.'}`,
    );
  } else {
    title =
      stage.status === 'approved'
        ? `${stage.name} approved ${state.useCaseCode}`
        : `${decision.approverName} approved ${stage.name}`;
    lines.push(`${decision.approverName} approved ${stage.name}${quoted}`);
    if (waiting) lines.push(waiting);
  }
  return { title, lines };
}
