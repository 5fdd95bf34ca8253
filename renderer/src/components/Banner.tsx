/** The error (plain words plus what to do) or notice line under the market bar. */
import { useEffect } from 'react';
import { useApp } from '../app/appContext';

/** Shows the current error or notice; notices fade after a few seconds. */
export function Banner() {
  const error = useApp((s) => s.error);
  const notice = useApp((s) => s.notice);
  const showError = useApp((s) => s.showError);
  const showNotice = useApp((s) => s.showNotice);
  useEffect(() => {
    if (!notice) return;
    const t = setTimeout(() => showNotice(null), 6000);
    return () => clearTimeout(t);
  }, [notice, showNotice]);
  if (error) {
    return (
      <div className="banner error" role="alert" data-testid="error">
        <div><b>{error.message}</b>{error.hint && <div className="hint">{error.hint}</div>}</div>
        <button className="link" onClick={() => showError(null)} aria-label="Dismiss">✕</button>
      </div>
    );
  }
  if (notice) return <div className="banner notice" role="status" data-testid="notice">{notice}</div>;
  return null;
}
