import { flowRules } from '../../src-shared/domain';
import { useT } from '../app/store-context';
import { flowRuleWords } from './flow-words';
import { composeFlows, type ComposeFlow } from './model';

/**
 * The first choice in compose: how the signers sign, among the ways the account's service offers.
 * Radio cards (native radios, so arrow keys move between them), each with its title and its rules
 * in one line, read from `flowRules`.
 */
export function FlowSection(props: { flow: ComposeFlow; onChange(flow: ComposeFlow): void; flows?: readonly ComposeFlow[] }) {
  const t = useT();
  return (
    <fieldset className="card cmp-section cmp-flows" data-testid="flow-choice">
      <legend className="card__title cmp-section__title cmp-flows__legend">{t('direct.flow.legend')}</legend>
      <div className="cmp-flows__cards">
        {(props.flows ?? composeFlows).map((flow) => {
          const id = `compose-flow-${flow}`;
          return (
            <label key={flow} className="cmp-flow" htmlFor={id}>
              <input
                id={id}
                type="radio"
                name="compose-flow"
                value={flow}
                checked={props.flow === flow}
                aria-describedby={`${id}-rules`}
                onChange={() => props.onChange(flow)}
              />
              <span className="cmp-flow__body">
                <span className="cmp-flow__title">{t(`direct.flow.${flow}`)}</span>
                <span id={`${id}-rules`} className="cmp-flow__rules">
                  {flowRuleWords(t, flowRules[flow]).join(' · ')}
                </span>
              </span>
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}
