import { flowRules, postenLimits } from '../../src-shared/domain';
import { useT } from '../app/store-context';
import { Section, TextField } from './fields';
import type { ComposeForm } from './model';
import type { FieldErrors } from './validation';

type TextKey = 'title' | 'nonsensitiveTitle' | 'description' | 'reference';

export function TextsSection(props: { form: ComposeForm; errors: FieldErrors; set(key: TextKey, value: string): void; touch(field: string): void }) {
  const t = useT();
  const field = (key: TextKey, max: number, extra: { hint?: string; multiline?: boolean; required?: boolean } = {}) => (
    <TextField
      field={key}
      label={t(`compose.texts.${key}`)}
      value={props.form[key]}
      max={max}
      error={props.errors[key]}
      onChange={(value) => props.set(key, value)}
      onBlur={() => props.touch(key)}
      {...extra}
    />
  );
  // The non-sensitive title is what notifications show: a flow without them has no use for it.
  const rules = flowRules[props.form.flow];
  const direct = props.form.flow === 'direct';
  // TRIDENT shows no title; the description is its agreement page's text.
  const trident = props.form.flow === 'trident';
  const restpki = props.form.flow === 'restpki';
  return (
    <Section id="compose-texts" title={t('compose.texts.heading')}>
      {field('title', rules.titleLength, { hint: t(trident ? 'trident.texts.titleHint' : restpki ? 'restpki.texts.titleHint' : direct ? 'direct.texts.titleHint' : 'compose.texts.titleHint'), required: true })}
      {rules.notifiesSigners && field('nonsensitiveTitle', postenLimits.nonsensitiveTitleLength, { hint: t('compose.texts.nonsensitiveTitleHint') })}
      {rules.description !== false && field('description', rules.descriptionLength, { hint: t(trident ? 'trident.texts.descriptionHint' : direct ? 'direct.texts.descriptionHint' : 'compose.texts.descriptionHint'), multiline: true })}
      {field('reference', rules.referenceLength, { hint: t(restpki ? 'restpki.texts.referenceHint' : direct || trident ? 'direct.texts.referenceHint' : 'compose.texts.referenceHint') })}
    </Section>
  );
}
