import { t } from '../app/i18n.ts';
import { Link } from '../app/router.tsx';

/** A page of one's own work opened without signing in: its heading and the way in. */
export function SignInFirst({ title }: { title: string }) {
  return (
    <div className="material">
      <h1>{title}</h1>
      <p>
        {t.signInFirst} <Link href="/login">{t.signIn}</Link>
      </p>
    </div>
  );
}
