/**
 * A comma-separated list of numbers (pruning rates, seeds, phase values),
 * validated against the parameter schema when committed (Enter or leaving
 * the field); what was dropped or moved is said under the field.
 */
import { useEffect, useId, useState } from 'react';
import { formatNumber, type ParamName } from '../../model/params';
import { parseNumberList } from '../../model/sweep';

interface ListFieldProps {
  label: string;
  /** URL key, used in messages. */
  urlKey: string;
  param: ParamName;
  max: number;
  values: number[];
  hint: string;
  disabled?: boolean;
  onCommit: (values: number[]) => void;
}

export function ListField({
  label,
  urlKey,
  param,
  max,
  values,
  hint,
  disabled,
  onCommit,
}: ListFieldProps) {
  const id = useId();
  const shown = values.map(formatNumber).join(', ');
  const [text, setText] = useState(shown);
  const [messages, setMessages] = useState<string[]>([]);

  useEffect(() => setText(shown), [shown]);

  const commit = () => {
    const r = parseNumberList(urlKey, text, param, max);
    setMessages(r.notices.map((n) => n.message));
    if (r.values.length > 0) {
      onCommit(r.values);
      setText(r.values.map(formatNumber).join(', '));
    } else {
      setText(shown);
    }
  };

  return (
    <div className={`param-field sweep-field${messages.length ? ' invalid' : ''}`}>
      <label htmlFor={id}>
        {label} <span className="param-name">{urlKey}</span>
      </label>
      <input
        id={id}
        type="text"
        inputMode="decimal"
        value={text}
        disabled={disabled}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
        }}
      />
      <p className="param-hint">{hint}</p>
      {messages.map((m) => (
        <p key={m} className="param-error" role="status">
          {m}
        </p>
      ))}
    </div>
  );
}
