import { useState } from 'react';
import { t } from '../app/i18n.ts';

/** «Подписаться»: the Atom feed of what the page shows, and the page's own link to pass on. */
export function Subscribe({ feed, feedLabel }: { feed: string; feedLabel: string }) {
  const [open, setOpen] = useState(false);
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard?.writeText(location.href).catch(() => undefined);
    setCopied(true);
  };
  return (
    <div className="subscribe">
      <button type="button" className="secondary" aria-expanded={open} aria-controls="subscribe-panel" onClick={() => setOpen(!open)}>{t.subscribe}</button>
      {open && (
        <div id="subscribe-panel" className="subscribe-panel">
          <p>{t.subscribeIntro}</p>
          <p><a href={feed} type="application/atom+xml">{feedLabel}</a></p>
          <p>
            <button type="button" className="secondary" onClick={() => void copy()}>{t.copyLink}</button>{' '}
            <span role="status">{copied ? t.linkCopied : ''}</span>
          </p>
        </div>
      )}
    </div>
  );
}
