import { useId, type ReactNode } from 'react';

/** A labelled input with its hint and its error, wired with aria-describedby / aria-invalid. */
export function Field(props: {
  label: string;
  hint?: string;
  error?: string | null;
  children(input: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: true }): ReactNode;
}) {
  const id = useId();
  const described = [props.hint ? `${id}-hint` : '', props.error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className="form-field">
      <label htmlFor={id} className="form-field__label">
        {props.label}
      </label>
      {props.children({ id, ...(described ? { 'aria-describedby': described } : {}), ...(props.error ? { 'aria-invalid': true as const } : {}) })}
      {props.hint && (
        <p id={`${id}-hint`} className="form-field__hint">
          {props.hint}
        </p>
      )}
      {props.error && (
        <p id={`${id}-error`} className="form-field__error">
          {props.error}
        </p>
      )}
    </div>
  );
}
