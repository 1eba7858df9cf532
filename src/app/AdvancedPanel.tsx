import {
  PARAM_NAMES,
  PARAM_SPECS,
  type ParamGroup,
  type ParamName,
  type Params,
} from '../model/params';
import { ParamField } from './ParamField';

const GROUPS: { group: ParamGroup; title: string }[] = [
  { group: 'data', title: 'Data' },
  { group: 'network', title: 'Network' },
  { group: 'training', title: 'Training' },
  { group: 'pruning', title: 'Pruning' },
];

interface AdvancedPanelProps {
  params: Params;
  onCommit: (name: ParamName, value: number) => string | null;
}

/** Every MODEL.md parameter, generated from the one schema. */
export function AdvancedPanel({ params, onCommit }: AdvancedPanelProps) {
  return (
    <details className="card advanced">
      <summary>
        <h2>All parameters</h2>
        <span className="summary-hint">
          every setting of the experiment, with its meaning and range
        </span>
      </summary>
      <div className="param-groups">
        {GROUPS.map(({ group, title }) => (
          <fieldset key={group} className="param-group">
            <legend>{title}</legend>
            {PARAM_NAMES.filter((n) => PARAM_SPECS[n].group === group).map((name) => (
              <ParamField key={name} name={name} value={params[name]} onCommit={onCommit} />
            ))}
          </fieldset>
        ))}
      </div>
    </details>
  );
}
