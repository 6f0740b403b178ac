import type { ReactNode } from 'react';
import { useT } from '../app/store-context';
import { Icon } from '../components/Icon';

/** The DOM id of a form field, so an error summary link or a test can reach it. */
export const domId = (field: string) => `compose-${field.replace(/[^a-zA-Z0-9_-]/g, '-')}`;

export function describedBy(...ids: (string | false | null | undefined)[]): string | undefined {
  const list = ids.filter(Boolean).join(' ');
  return list || undefined;
}

export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p id={id} className="cmp-error">
      <Icon name="warning" size={16} />
      <span>{message}</span>
    </p>
  );
}

/**
 * Visible count on every keystroke, but the screen reader only hears it when the limit comes
 * near (20, 10, 5, 0 left) so typing stays quiet.
 */
export function Counter({ id, length, max }: { id: string; length: number; max: number }) {
  const t = useT();
  const left = max - length;
  const bucket = left < 0 ? left : [0, 5, 10, 20].find((b) => left <= b);
  return (
    <span className={`cmp-counter${left < 0 ? ' cmp-counter--over' : left <= 10 ? ' cmp-counter--near' : ''}`}>
      <span aria-hidden="true">
        {length} / {max}
      </span>
      <span id={id} className="visually-hidden" aria-live="polite">
        {bucket === undefined ? '' : left < 0 ? t.plural('compose.counter.over', -left) : t.plural('compose.counter.left', bucket)}
      </span>
    </span>
  );
}

export function TextField(props: {
  field: string;
  label: string;
  value: string;
  max?: number;
  hint?: string;
  error?: string;
  multiline?: boolean;
  required?: boolean;
  onChange(value: string): void;
  onBlur?(): void;
}) {
  const id = domId(props.field);
  const hintId = props.hint ? `${id}-hint` : null;
  const errorId = props.error ? `${id}-error` : null;
  const shared = {
    id,
    value: props.value,
    'aria-invalid': props.error ? true : undefined,
    'aria-describedby': describedBy(hintId, errorId),
    'aria-required': props.required || undefined,
    onBlur: props.onBlur,
  };
  return (
    <div className={`cmp-field${props.error ? ' cmp-field--invalid' : ''}`}>
      <div className="cmp-field__top">
        <label className="field__label" htmlFor={id}>
          {props.label}
        </label>
        {props.max !== undefined && <Counter id={`${id}-count`} length={props.value.length} max={props.max} />}
      </div>
      {props.multiline ? (
        <textarea className="cmp-input cmp-textarea" rows={3} {...shared} onChange={(e) => props.onChange(e.target.value)} />
      ) : (
        <input className="cmp-input" type="text" {...shared} onChange={(e) => props.onChange(e.target.value)} />
      )}
      {props.hint && (
        <p id={hintId ?? undefined} className="cmp-hint">
          {props.hint}
        </p>
      )}
      <FieldError id={`${id}-error`} message={props.error} />
    </div>
  );
}

export function SelectField<V extends string>(props: {
  field: string;
  label: string;
  value: V;
  options: readonly { value: V; label: string }[];
  hint?: string;
  error?: string;
  onChange(value: V): void;
}) {
  const id = domId(props.field);
  return (
    <div className={`cmp-field${props.error ? ' cmp-field--invalid' : ''}`}>
      <label className="field__label" htmlFor={id}>
        {props.label}
      </label>
      <select
        id={id}
        className="cmp-input cmp-select"
        value={props.value}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy(props.hint && `${id}-hint`, props.error && `${id}-error`)}
        onChange={(e) => props.onChange(e.target.value as V)}
      >
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {props.hint && (
        <p id={`${id}-hint`} className="cmp-hint">
          {props.hint}
        </p>
      )}
      <FieldError id={`${id}-error`} message={props.error} />
    </div>
  );
}

export function Section({ id, title, description, children }: { id: string; title: string; description?: string; children: ReactNode }) {
  return (
    <section className="card cmp-section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="card__title cmp-section__title">
        {title}
      </h2>
      {description && <p className="cmp-section__description">{description}</p>}
      {children}
    </section>
  );
}
