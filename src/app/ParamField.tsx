import { useState } from 'react';
import {
  PARAM_SPECS,
  describeRange,
  formatNumber,
  parseParam,
  type ParamName,
} from '../model/params';

interface ParamFieldProps {
  name: ParamName;
  value: number;
  /** Applies a valid value; returns a message when the whole set would be invalid. */
  onCommit: (name: ParamName, value: number) => string | null;
}

/**
 * One parameter as a text field: typed freely, checked on Enter or blur.
 * An invalid entry shows why and the last valid value stays in force.
 */
export function ParamField({ name, value, onCommit }: ParamFieldProps) {
  const spec = PARAM_SPECS[name];
  const [text, setText] = useState(formatNumber(value));
  const [shown, setShown] = useState(value);
  const [error, setError] = useState<string | null>(null);
  // A new value from outside (preset, URL, slider) replaces whatever was typed.
  if (shown !== value) {
    setShown(value);
    setText(formatNumber(value));
    setError(null);
  }

  const commit = (raw: string) => {
    const parsed = parseParam(name, raw);
    if (!parsed.ok) {
      setError(`${parsed.error}. Keeping ${formatNumber(value)}.`);
      return;
    }
    if (parsed.value === value) {
      setError(null);
      setText(formatNumber(value));
      return;
    }
    const refused = onCommit(name, parsed.value);
    setError(refused ? `${refused} Keeping ${formatNumber(value)}.` : null);
  };

  const id = `param-${name}`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  return (
    <div className={`param-field${error ? ' invalid' : ''}`}>
      <label htmlFor={id}>
        <span className="param-label">{spec.label}</span>
        <code className="param-name">{name}</code>
      </label>
      {spec.kind === 'choice' ? (
        <select
          id={id}
          value={value}
          aria-describedby={hintId}
          onChange={(e) => commit(e.currentTarget.value)}
        >
          {(spec.choices ?? []).map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      ) : (
        <input
          id={id}
          type="text"
          inputMode={spec.kind === 'int' ? 'numeric' : 'decimal'}
          spellCheck={false}
          autoComplete="off"
          value={text}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${errorId} ${hintId}` : hintId}
          onChange={(e) => setText(e.currentTarget.value)}
          onBlur={(e) => commit(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') commit(e.currentTarget.value);
            if (e.key === 'Escape') {
              setText(formatNumber(value));
              setError(null);
            }
          }}
        />
      )}
      <p id={hintId} className="param-hint">
        {spec.description} <span className="param-range">({describeRange(name)})</span>
      </p>
      {error && (
        <p id={errorId} className="param-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
