import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';

/** A small history router: the whole page state lives in the URL, so a link reproduces the page. */
const subscribe = (notify: () => void) => {
  window.addEventListener('popstate', notify);
  return () => window.removeEventListener('popstate', notify);
};

export function useLocation(): URL {
  const href = useSyncExternalStore(
    subscribe,
    () => location.href,
    () => 'http://localhost/',
  );
  return new URL(href);
}

let leaveGuard: (() => string | null) | null = null;

/** While set, leaving the page through a link asks first (the editor with unsaved changes). */
export function setLeaveGuard(guard: (() => string | null) | null) {
  leaveGuard = guard;
}

/**
 * The server puts the first page's own canonical link, OpenGraph tags and JSON-LD into the head
 * (marked `data-page-head`); once the reader moves to another page they describe the wrong one.
 */
function dropPageHead(from: string) {
  if (location.pathname !== from) document.querySelectorAll('[data-page-head]').forEach((tag) => tag.remove());
}
if (typeof window !== 'undefined') {
  const first = location.pathname;
  window.addEventListener('popstate', () => dropPageHead(first));
}

export function navigate(to: string, { replace = false } = {}) {
  const question = leaveGuard?.();
  if (question && !window.confirm(question)) return;
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  window.dispatchEvent(new PopStateEvent('popstate'));
  if (!replace) window.scrollTo(0, 0);
}

const LAST_SEARCH = 'last-search';

/** The search page remembers its address, so «← К поиску» returns to the same words, filters and sort. */
export function rememberSearch(search: string) {
  sessionStorage.setItem(LAST_SEARCH, search ? `/?${search}` : '/');
}

export function lastSearch(): string {
  return (typeof sessionStorage === 'undefined' ? null : sessionStorage.getItem(LAST_SEARCH)) ?? '/';
}

export function Link({ href, onClick, children, ...props }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    navigate(href);
  };
  return (
    <a href={href} onClick={handle} {...props}>
      {children}
    </a>
  );
}
