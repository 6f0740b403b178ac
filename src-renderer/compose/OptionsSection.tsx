import { useT } from '../app/store-context';
import { FieldError, SelectField, Section, describedBy, domId } from './fields';
import type { ComposeForm } from './model';
import type { FieldErrors } from './validation';

type OptionKey = 'deadline' | 'activation' | 'requiredAuthentication' | 'identifierInSignedDocuments';

function DateTimeField(props: { field: 'deadline' | 'activation'; label: string; hint: string; value: string; error?: string; onChange(value: string): void; onBlur(): void }) {
  const t = useT();
  const id = domId(props.field);
  return (
    <div className={`cmp-field${props.error ? ' cmp-field--invalid' : ''}`}>
      <label className="field__label" htmlFor={id}>
        {props.label}
      </label>
      <div className="cmp-inline">
        <input
          id={id}
          className="cmp-input cmp-input--date"
          type="datetime-local"
          value={props.value}
          aria-invalid={props.error ? true : undefined}
          aria-describedby={describedBy(`${id}-hint`, props.error && `${id}-error`)}
          onChange={(e) => props.onChange(e.target.value)}
          onBlur={props.onBlur}
        />
        {props.value && (
          <button type="button" className="button cmp-button--quiet" onClick={() => props.onChange('')}>
            {t('compose.options.useDefault')}
            <span className="visually-hidden"> ({props.label})</span>
          </button>
        )}
      </div>
      <p id={`${id}-hint`} className="cmp-hint">
        {props.hint}
      </p>
      <FieldError id={`${id}-error`} message={props.error} />
    </div>
  );
}

export function OptionsSection(props: { form: ComposeForm; errors: FieldErrors; set(key: OptionKey, value: string): void; touch(field: string): void }) {
  const t = useT();
  const { form, errors } = props;
  return (
    <Section id="compose-options" title={t('compose.options.title')}>
      <div className="cmp-grid cmp-grid--two">
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
