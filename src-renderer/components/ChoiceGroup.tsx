import { useId } from 'react';

export interface Choice<V extends string> {
  value: V;
  label: string;
  /** Language names are shown in their own language; this keeps screen readers pronouncing them right. */
  lang?: string;
}

/** A radio group drawn as a segmented control: native radios, so arrow keys and forms just work. */
export function ChoiceGroup<V extends string>(props: {
  legend: string;
  name: string;
  value: V | undefined;
  choices: readonly Choice<V>[];
  disabled?: boolean;
  onChange(value: V): void;
}) {
  const id = useId();
  return (
    <fieldset className="field" disabled={props.disabled}>
      <legend className="field__label">{props.legend}</legend>
      <div className="choice-group">
        {props.choices.map((choice) => (
          <label key={choice.value} className="choice" htmlFor={`${id}-${choice.value}`}>
            <input
              id={`${id}-${choice.value}`}
              type="radio"
              name={props.name}
              value={choice.value}
              checked={props.value === choice.value}
              onChange={() => props.onChange(choice.value)}
            />
            <span className="choice__label" lang={choice.lang}>
              {choice.label}
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
