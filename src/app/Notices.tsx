import type { ParamNotice } from '../model/params';

interface NoticesProps {
  notices: ParamNotice[];
  onDismiss: () => void;
}

/** Which link values were replaced, and by what. Text only: URL input never becomes markup. */
export function Notices({ notices, onDismiss }: NoticesProps) {
  if (notices.length === 0) return null;
  return (
    <div className="notice" role="alert" data-testid="url-notice">
      <div>
        <strong>Some values in the link were not valid and were replaced:</strong>
        <ul>
          {notices.map((n, i) => (
            <li key={`${n.name}-${i}`}>{n.message}</li>
          ))}
        </ul>
      </div>
      <button type="button" className="small" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}
