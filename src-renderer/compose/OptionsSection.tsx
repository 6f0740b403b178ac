import { useEffect, useRef, useState } from 'react';
import { flowRules } from '../../src-shared/domain';
import { dateTimeInputPattern, formatDateTimeInput, parseDateTimeInput } from '../../src-shared/i18n';
import { useT } from '../app/store-context';
import { lifetimeText } from './flow-words';
import { FieldError, SelectField, Section, describedBy, domId } from './fields';
import type { ComposeForm } from './model';
import type { FieldErrors } from './validation';

type OptionKey = 'deadline' | 'activation' | 'requiredAuthentication' | 'identifierInSignedDocuments';

/**
 * A date and time typed as the user's language writes it ("31.12.2026 14:30"), with the pattern
 * as a hint. Not `datetime-local`: Chromium draws that in the browser's locale, whatever the
 * app's language, so a Norwegian user could be shown mm/dd/yyyy. The form keeps the
 * `YYYY-MM-DDTHH:mm` value; text that does not read as a date is passed on for validation to flag.
 */
function DateTimeField(props: { field: 'deadline' | 'activation'; label: string; hint: string; value: string; error?: string; onChange(value: string): void; onBlur(): void }) {
  const t = useT();
  const id = domId(props.field);
  const pattern = dateTimeInputPattern(t.language);
  const [text, setText] = useState(() => formatDateTimeInput(t.language, props.value));
  const sent = useRef(props.value);
  // The value changes from outside too (a restored draft, "Use default"): show what it is now.
  useEffect(() => {
    if (props.value === sent.current) return;
    sent.current = props.value;
    setText(formatDateTimeInput(t.language, props.value));
  }, [props.value, t.language]);
  // A language switch rewrites a complete date the way the new language writes it.
  useEffect(() => setText((current) => formatDateTimeInput(t.language, parseDateTimeInput(current) ?? current)), [t.language]);
  const change = (typed: string) => {
    setText(typed);
    const value = typed.trim() === '' ? '' : (parseDateTimeInput(typed) ?? typed);
    sent.current = value;
    props.onChange(value);
  };
  return (
    <div className={`cmp-field${props.error ? ' cmp-field--invalid' : ''}`}>
      <label className="field__label" htmlFor={id}>
        {props.label}
      </label>
      <div className="cmp-inline">
        <input
          id={id}
          className="cmp-input cmp-input--date"
          type="text"
          lang={t.language}
          autoComplete="off"
          spellCheck={false}
          placeholder={pattern}
          value={text}
          aria-invalid={props.error ? true : undefined}
          aria-describedby={describedBy(`${id}-hint`, props.error && `${id}-error`)}
          onChange={(e) => change(e.target.value)}
          onBlur={props.onBlur}
        />
        {props.value && (
          <button type="button" className="button cmp-button--quiet" onClick={() => change('')}>
            {t('compose.options.useDefault')}
            <span className="visually-hidden"> ({props.label})</span>
          </button>
        )}
      </div>
      <p id={`${id}-hint`} className="cmp-hint">
        {t('dateInput.hint', { pattern })} {props.hint}
      </p>
      <FieldError id={`${id}-error`} message={props.error} />
    </div>
  );
}

export function OptionsSection(props: { form: ComposeForm; errors: FieldErrors; set(key: OptionKey, value: string): void; touch(field: string): void }) {
  const t = useT();
  const { form, errors } = props;
  const rules = flowRules[form.flow];
  // A flow without a deadline to set lives a fixed time: say how long instead.
  const lifetime = !rules.deadline && rules.fixedLifetimeSeconds !== undefined ? lifetimeText(t, rules.fixedLifetimeSeconds) : null;
  return (
    <Section id="compose-options" title={t('compose.options.title')}>
      {lifetime && <p className="cmp-section__description">{t('direct.options.lifetime', { duration: lifetime })}</p>}
      <div className="cmp-grid cmp-grid--two">
        {rules.deadline && (
          <DateTimeField
            field="deadline"
            label={t('compose.options.deadline')}
            hint={t('compose.options.deadlineHint')}
            value={form.deadline}
            error={errors.deadline}
            onChange={(v) => {
              props.set('deadline', v);
              props.touch('deadline');
            }}
            onBlur={() => props.touch('deadline')}
          />
        )}
        {/* Sending later means notifying later: without notifications, links are handed out at once. */}
        {rules.notifiesSigners && (
          <DateTimeField
            field="activation"
            label={t('compose.options.activation')}
            hint={t('compose.options.activationHint')}
            value={form.activation}
            error={errors.activation}
            onChange={(v) => {
              props.set('activation', v);
              props.touch('activation');
            }}
            onBlur={() => props.touch('activation')}
          />
        )}
        <SelectField
          field="requiredAuthentication"
          label={t('compose.options.authentication')}
          value={form.requiredAuthentication}
          hint={t('compose.options.authenticationHint')}
          error={errors.requiredAuthentication}
          options={[
            { value: '', label: t('compose.options.authentication.default') },
            { value: '3', label: t('compose.options.authentication.3') },
            { value: '4', label: t('compose.options.authentication.4') },
          ]}
          onChange={(v) => props.set('requiredAuthentication', v)}
        />
        <SelectField
          field="identifierInSignedDocuments"
          label={t('compose.options.identifier')}
          value={form.identifierInSignedDocuments}
          hint={t('compose.options.identifierHint')}
          error={errors.identifierInSignedDocuments}
          options={[
            { value: '', label: t('compose.options.identifier.default') },
            { value: 'PIN_AND_NAME', label: t('compose.options.identifier.pin') },
            { value: 'DOB_AND_NAME', label: t('compose.options.identifier.dob') },
            { value: 'NAME', label: t('compose.options.identifier.name') },
          ]}
          onChange={(v) => props.set('identifierInSignedDocuments', v)}
        />
      </div>
    </Section>
  );
}
