import type { FlowRules } from '../../src-shared/domain';
import type { Translate } from '../../src-shared/i18n';

/** A fixed lifetime in words: "30 days", or "4 hours" under a day. */
export function lifetimeText(t: Translate, seconds: number): string {
  if (seconds < 86400) return t.plural('count.hours', Math.max(1, Math.round(seconds / 3600)));
  return t.plural('count.days', Math.round(seconds / 86400));
}

/**
 * A flow's rules as a short line of words, read from the rules it declares (so compose says what the
 * contract checks): "up to 10 signers · all at once, in any order · no e-mail or SMS …".
 */
export function flowRuleWords(t: Translate, rules: FlowRules): string[] {
  return [
    t('direct.rule.maxSigners', { max: rules.maxSigners }),
    t(rules.orderedSigners ? 'direct.rule.ordered' : 'direct.rule.unordered'),
    t(rules.notifiesSigners ? 'direct.rule.notified' : 'direct.rule.notNotified'),
    rules.deadline
      ? t('direct.rule.deadline')
      : rules.fixedLifetimeSeconds === undefined
        ? t('trident.rule.noDeadline')
        : t(rules.lifetimePerSigner ? 'restpki.rule.linkLifetime' : 'direct.rule.lifetime', { duration: lifetimeText(t, rules.fixedLifetimeSeconds) }),
    t(rules.cancellable ? 'direct.rule.cancellable' : 'direct.rule.notCancellable'),
  ];
}
