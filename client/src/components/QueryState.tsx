import type { ReactNode } from 'react';
import { t } from '../app/i18n.ts';

/**
 * What a page shows instead of its content while a query has not given it: «Загрузка…» (busy),
 * a failure with a retry (an alert), or, once loaded, what stands for a missing thing.
 * Use: `if (loading || error || !thing) return <QueryState loading={loading} error={error} onRetry={refetch} notFound={…} />`.
 */
export function QueryState({
  loading = false,
  error,
  onRetry,
  notFound = null,
}: {
  loading?: boolean;
  error?: unknown;
  onRetry: () => unknown;
  notFound?: ReactNode;
}) {
  if (loading) return <p aria-busy="true">{t.loading}</p>;
  if (error)
    return (
      <p role="alert">
        {t.error}{' '}
        <button type="button" onClick={() => void onRetry()}>
          {t.retry}
        </button>
      </p>
    );
  return <>{notFound}</>;
}
