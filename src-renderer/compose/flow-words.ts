import type { FlowRules } from '../../src-shared/domain';
import type { Translate } from '../../src-shared/i18n';

/** A fixed lifetime in words: "30 days". */
export function lifetimeText(t: Translate, seconds: number): string {
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
    rules.deadline ? t('direct.rule.deadline') : rules.fixedLifetimeSeconds === undefined ? t('trident.rule.noDeadline') : t('direct.rule.lifetime', { duration: lifetimeText(t, rules.fixedLifetimeSeconds) }),
    t(rules.cancellable ? 'direct.rule.cancellable' : 'direct.rule.notCancellable'),
  ];
}
