/**
 * Why a message to Teams failed, as the outbound gateway reports it. The one place that decides when a person or a
 * team can no longer be reached: review notices, escalations, reminders and announcements all follow this rule.
 */
export type SendFailureReason = 'blocked' | 'uninstalled' | 'throttled' | 'transient' | 'rejected';

/** Statuses worth another try: the service was busy or briefly unavailable (0 is a network error). */
const TRANSIENT = new Set([0, 408, 412, 500, 502, 503, 504]);

/** A 403 that says the bot was removed, rather than that the person blocked it. */
const REMOVED = /roster|not installed|uninstall|NotInConversation/i;

/**
 * Classifies a failed send by its HTTP status and message: 404, or a 403 about the roster or installation, means the
 * bot is gone from that conversation; any other 403 means the person blocked it; 429 is throttling; timeouts, 5xx and
 * network errors are transient; every other status is a final refusal.
 */
export function sendFailureReason(status: number, message: string): SendFailureReason {
  if (status === 404) return 'uninstalled';
  if (status === 403) return REMOVED.test(message) ? 'uninstalled' : 'blocked';
  if (status === 429) return 'throttled';
  return TRANSIENT.has(status) ? 'transient' : 'rejected';
}

/** True when the failure means the conversation is unreachable for good; the reason is then its new status. */
export function isUnreachable(reason: SendFailureReason): reason is 'blocked' | 'uninstalled' {
  return reason === 'blocked' || reason === 'uninstalled';
}
