import { gql } from '@apollo/client';
import { useMutation, useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { t } from '../app/i18n.ts';
import { admin } from '../app/texts/admin.ts';
import { isAdmin, VIEWER_QUERY } from '../app/session.ts';
import { usePageTitle } from '../app/title.ts';
import { Pager, useCursorPages } from '../components/Pager.tsx';
import type {
  AccountAccess,
  AdminApiTokensQueryQuery,
  AdminAuditQueryQuery,
  AdminAuditQueryQueryVariables,
  AdminCreateUserMutationMutation,
  AdminCreateUserMutationMutationVariables,
  AdminIssueResetMutationMutation,
  AdminIssueResetMutationMutationVariables,
  AdminRevokeTokenMutationMutation,
  AdminRevokeTokenMutationMutationVariables,
  AdminUpdateUserMutationMutation,
  AdminUpdateUserMutationMutationVariables,
  AdminUsersQueryQuery,
  AdminUsersQueryQueryVariables,
  Role,
  ViewerQueryQuery,
} from '../gql/graphql.ts';

const PAGE_SIZE = 20;
const ROLES: Role[] = ['READER', 'AUTHOR', 'EXPERT', 'METHODIST', 'ADMIN'];
const when = (iso: string) => new Date(iso).toLocaleString('ru-RU', { dateStyle: 'medium', timeStyle: 'short' });

const USERS = gql`
  query AdminUsersQuery($query: String, $role: Role, $first: Int, $after: String) {
    users(query: $query, role: $role, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        name
        email
        role
        active
      }
    }
  }
`;
const CREATE_USER = gql`
  mutation AdminCreateUserMutation($input: CreateUserInput!) {
    createUser(input: $input) {
      user {
        id
        name
        email
        role
        active
      }
      password
      invitation {
        path
        url
        expiresAt
        mailed
        mailError
      }
    }
  }
`;
const UPDATE_USER = gql`
  mutation AdminUpdateUserMutation($id: ID!, $role: Role, $active: Boolean) {
    updateUser(id: $id, role: $role, active: $active) {
      id
      name
      email
      role
      active
    }
  }
`;
const ISSUE_RESET = gql`
  mutation AdminIssueResetMutation($userId: ID!) {
    issuePasswordReset(userId: $userId) {
      path
      url
      expiresAt
      mailed
      mailError
    }
  }
`;
const TOKENS = gql`
  query AdminApiTokensQuery {
    apiTokens {
      id
      name
      prefix
      scope
      expiresAt
      lastUsedAt
      revokedAt
      createdBy {
        id
        name
      }
    }
  }
`;
const REVOKE_TOKEN = gql`
  mutation AdminRevokeTokenMutation($id: ID!) {
    revokeApiToken(id: $id) {
      id
      revokedAt
    }
  }
`;
const AUDIT = gql`
  query AdminAuditQuery($filter: AuditFilter, $first: Int, $after: String) {
    auditEventTypes {
      type
      label
    }
    auditEvents(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        at
        label
        type
        subject
        details
        actor {
          id
          name
          email
        }
      }
    }
  }
`;

type AuditRow = AdminAuditQueryQuery['auditEvents']['nodes'][number];

/** What an event is about, as a person reads it: the account's email or the token's name from its details rather than an id, and a role change's from → to. */
function about(event: AuditRow): string {
  let details: Record<string, unknown> = {};
  try {
    details = event.details ? (JSON.parse(event.details) as Record<string, unknown>) : {};
  } catch {
    // Details are the server's own JSON; anything else reads as if there were none.
  }
  const text = (key: string) => (typeof details[key] === 'string' ? (details[key] as string) : undefined);
  const named = text('email') ?? text('name') ?? text('title') ?? event.subject ?? '—';
  const from = text('from');
  const to = text('to');
  return from && to ? `${named} (${t.roles[from] ?? from} → ${t.roles[to] ?? to})` : named;
}

type Link = NonNullable<AdminCreateUserMutationMutation['createUser']['invitation']>;

/** A one-time link as the administrator hands it over: shown once, selectable, with whether it went by mail. */
function IssuedLink({ link, label }: { link: Link; label: string }) {
  const address = link.url ?? `${location.origin}${link.path}`;
  const [copied, setCopied] = useState(false);
  return (
    <>
      <p>{admin.linkIssued(new Date(link.expiresAt))}</p>
      <input className="secret" readOnly aria-label={label} value={address} onFocus={(e) => e.target.select()} />
      <p>
        <button
          type="button"
          className="secondary"
          onClick={() =>
            navigator.clipboard.writeText(address).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {t.copyLink}
        </button>{' '}
        <span role="status">{copied ? t.linkCopied : ''}</span>
      </p>
      {link.mailed && <p>{admin.mailed}</p>}
      {link.mailError && <p className="error">{admin.mailFailed(link.mailError)}</p>}
    </>
  );
}

function CreateAccount({ done }: { done: () => void }) {
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('AUTHOR');
  const [access, setAccess] = useState<AccountAccess>('INVITATION');
  const [create, { data, loading, error }] = useMutation<AdminCreateUserMutationMutation, AdminCreateUserMutationMutationVariables>(
    CREATE_USER,
    { refetchQueries: [USERS] },
  );
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await create({ variables: { input: { email, name, role, access } } }).catch(() => null);
  };
  const created = data?.createUser;
  if (created) {
    return (
      <div className="banner success issued" role="status">
        <p>
          <strong>{admin.created(created.user.name)}</strong>
        </p>
        {created.password && (
          <>
            <p>{admin.oneTimePassword}</p>
            <input
              className="secret"
              readOnly
              aria-label={admin.oneTimePassword}
              value={created.password}
              onFocus={(e) => e.target.select()}
            />
          </>
        )}
        {created.invitation && <IssuedLink link={created.invitation} label={admin.invitationFor(created.user.name)} />}
        <p>
          <button type="button" className="secondary" onClick={done}>
            {admin.done}
          </button>
        </p>
      </div>
    );
  }
  return (
    <form className="form" aria-label={admin.create} onSubmit={submit}>
      <label>
        {admin.email}
        <input type="email" required autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} />
      </label>
      <label>
        {admin.name}
        <input required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label>
        {admin.role}
        <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t.roles[r]}
            </option>
          ))}
        </select>
      </label>
      <fieldset className="checks">
        <legend>{admin.accessLabel}</legend>
        <label>
          <input type="radio" name="access" checked={access === 'INVITATION'} onChange={() => setAccess('INVITATION')} />{' '}
          {admin.accessInvitation}
        </label>
        <label>
          <input type="radio" name="access" checked={access === 'PASSWORD'} onChange={() => setAccess('PASSWORD')} /> {admin.accessPassword}
        </label>
      </fieldset>
      {error && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
      <div>
        <button type="submit" disabled={loading}>
          {admin.create}
        </button>{' '}
        <button type="button" className="link" onClick={done}>
          {admin.cancel}
        </button>
      </div>
    </form>
  );
}

type Account = AdminUsersQueryQuery['users']['nodes'][number];

function AccountRow({ account, self }: { account: Account; self: boolean }) {
  const [update, updated] = useMutation<AdminUpdateUserMutationMutation, AdminUpdateUserMutationMutationVariables>(UPDATE_USER);
  const [issue, issued] = useMutation<AdminIssueResetMutationMutation, AdminIssueResetMutationMutationVariables>(ISSUE_RESET);
  const [notice, setNotice] = useState<string | null>(null);
  const setActive = async (active: boolean) => {
    if (!window.confirm(active ? admin.confirmUnblock(account.name) : admin.confirmBlock(account.name))) return;
    const ok = await update({ variables: { id: account.id, active } }).catch(() => null);
    if (ok) setNotice(active ? admin.unblockedNotice(account.name) : admin.blockedNotice(account.name));
  };
  const setRole = async (role: Role) => {
    const ok = await update({ variables: { id: account.id, role } }).catch(() => null);
    if (ok) setNotice(admin.roleChanged(account.name, t.roles[role] ?? role));
  };
  const error = updated.error ?? issued.error;
  const link = issued.data?.issuePasswordReset;
  return (
    <tr>
      <td data-label={admin.name}>
        <strong>{account.name}</strong>
      </td>
      <td data-label={admin.email} className="email">
        {account.email}
      </td>
      <td data-label={admin.role}>
        <select
          aria-label={`${admin.role}: ${account.name}`}
          value={account.role}
          disabled={self || updated.loading}
          onChange={(e) => setRole(e.target.value as Role)}
        >
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t.roles[r]}
            </option>
          ))}
        </select>
      </td>
      <td data-label={admin.state}>
        <span className={`status ${account.active ? 'status-done' : 'status-failed'}`}>
          {account.active ? admin.active : admin.blocked}
        </span>
      </td>
      <td className="row-cell">
        <div className="row-actions">
          {!self && (
            <button
              type="button"
              aria-label={`${account.active ? admin.block : admin.unblock}: ${account.name}`}
              onClick={() => setActive(!account.active)}
            >
              {account.active ? admin.block : admin.unblock}
            </button>
          )}
          {account.active && (
            <button
              type="button"
              aria-label={admin.issueResetFor(account.name)}
              disabled={issued.loading}
              onClick={() => issue({ variables: { userId: account.id } }).catch(() => null)}
            >
              {admin.resetLink}
            </button>
          )}
        </div>
        {notice && (
          <p role="status" className="muted">
            {notice}
          </p>
        )}
        {error && (
          <p role="alert" className="error">
            {error.message}
          </p>
        )}
        {link && (
          <div className="issued">
            <IssuedLink link={link} label={admin.resetFor(account.name)} />
          </div>
        )}
      </td>
    </tr>
  );
}

function Accounts({ viewerId }: { viewerId: string }) {
  const [draft, setDraft] = useState({ query: '', role: '' });
  const [filter, setFilter] = useState({ query: '', role: '' });
  const [creating, setCreating] = useState(false);
  const pages = useCursorPages();
  const { data, error, loading, refetch } = useQuery<AdminUsersQueryQuery, AdminUsersQueryQueryVariables>(USERS, {
    variables: { query: filter.query || null, role: (filter.role || null) as Role | null, first: PAGE_SIZE, after: pages.after },
  });
  const search = (event: FormEvent) => {
    event.preventDefault();
    setFilter({ query: draft.query.trim(), role: draft.role });
    pages.reset();
  };
  const users = data?.users;
  return (
    <section aria-labelledby="accounts-title">
      <h2 id="accounts-title">{admin.accounts}</h2>
      {creating ? (
        <CreateAccount done={() => setCreating(false)} />
      ) : (
        <p>
          <button type="button" className="primary" onClick={() => setCreating(true)}>
            {admin.create}
          </button>
        </p>
      )}
      <form className="filters" role="search" aria-label={admin.accounts} onSubmit={search}>
        <label>
          {admin.search}
          <input type="search" value={draft.query} onChange={(e) => setDraft({ ...draft, query: e.target.value })} />
        </label>
        <label>
          {admin.role}
          <select value={draft.role} onChange={(e) => setDraft({ ...draft, role: e.target.value })}>
            <option value="">{admin.anyRole}</option>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t.roles[r]}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="secondary">
          {admin.find}
        </button>
      </form>
      {error && (
        <p role="alert">
          {t.error}{' '}
          <button type="button" onClick={() => refetch()}>
            {t.retry}
          </button>
        </p>
      )}
      {loading && !users && <p aria-busy="true">{t.loading}</p>}
      {users && (
        <>
          {users.nodes.length > 0 && (
            <table className="stack">
              <thead>
                <tr>
                  <th>{admin.name}</th>
                  <th>{admin.email}</th>
                  <th>{admin.role}</th>
                  <th>{admin.state}</th>
                  <th>
                    <span className="visually-hidden">{admin.actions}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {users.nodes.map((u) => (
                  <AccountRow key={u.id} account={u} self={u.id === viewerId} />
                ))}
              </tbody>
            </table>
          )}
          <Pager
            label={admin.accountsPage}
            pages={pages}
            pageSize={PAGE_SIZE}
            shown={users.nodes.length}
            totalCount={users.totalCount}
            endCursor={users.pageInfo.endCursor}
            hasNextPage={users.pageInfo.hasNextPage}
          />
        </>
      )}
    </section>
  );
}

function Tokens() {
  const { data, error, refetch } = useQuery<AdminApiTokensQueryQuery>(TOKENS);
  const [revoke, revoked] = useMutation<AdminRevokeTokenMutationMutation, AdminRevokeTokenMutationMutationVariables>(REVOKE_TOKEN);
  const tokens = data?.apiTokens;
  return (
    <section aria-labelledby="tokens-title">
      <h2 id="tokens-title">{admin.tokens}</h2>
      {error && (
        <p role="alert">
          {t.error}{' '}
          <button type="button" onClick={() => refetch()}>
            {t.retry}
          </button>
        </p>
      )}
      {revoked.error && (
        <p role="alert" className="error">
          {revoked.error.message}
        </p>
      )}
      {tokens && tokens.length === 0 && <p>{admin.noTokens}</p>}
      {tokens && tokens.length > 0 && (
        <table className="stack">
          <thead>
            <tr>
              <th>{admin.tokenName}</th>
              <th>{admin.tokenPrefix}</th>
              <th>{admin.scope}</th>
              <th>{admin.createdBy}</th>
              <th>{admin.expires}</th>
              <th>{admin.lastUsed}</th>
              <th>
                <span className="visually-hidden">{admin.actions}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((token) => (
              <tr key={token.id}>
                <td data-label={admin.tokenName}>
                  <strong>{token.name}</strong>
                </td>
                <td data-label={admin.tokenPrefix}>
                  <code>{token.prefix}…</code>
                </td>
                <td data-label={admin.scope}>{admin.scopes[token.scope] ?? token.scope}</td>
                <td data-label={admin.createdBy}>{token.createdBy.name}</td>
                <td data-label={admin.expires}>{when(token.expiresAt)}</td>
                <td data-label={admin.lastUsed}>{token.lastUsedAt ? when(token.lastUsedAt) : admin.never}</td>
                <td className="row-cell">
                  {token.revokedAt ? (
                    <span className="status status-failed">
                      {admin.revoked} {when(token.revokedAt)}
                    </span>
                  ) : (
                    <div className="row-actions">
                      <button
                        type="button"
                        aria-label={`${admin.revoke}: ${token.name}`}
                        onClick={() =>
                          window.confirm(admin.confirmRevoke(token.name)) && revoke({ variables: { id: token.id } }).catch(() => null)
                        }
                      >
                        {admin.revoke}
                      </button>
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Audit() {
  const empty = { query: '', type: '', from: '', to: '' };
  const [draft, setDraft] = useState(empty);
  const [filter, setFilter] = useState(empty);
  const pages = useCursorPages();
  const { data, previousData, error, refetch } = useQuery<AdminAuditQueryQuery, AdminAuditQueryQueryVariables>(AUDIT, {
    variables: {
      filter: { query: filter.query || null, types: filter.type ? [filter.type] : null, from: filter.from || null, to: filter.to || null },
      first: PAGE_SIZE,
      after: pages.after,
    },
  });
  const shown = data ?? previousData;
  const search = (event: FormEvent) => {
    event.preventDefault();
    setFilter({ ...draft, query: draft.query.trim() });
    pages.reset();
  };
  const events = shown?.auditEvents;
  return (
    <section aria-labelledby="audit-title">
      <h2 id="audit-title">{admin.audit}</h2>
      <form className="filters" role="search" aria-label={admin.audit} onSubmit={search}>
        <label>
          {admin.who}
          <input type="search" value={draft.query} onChange={(e) => setDraft({ ...draft, query: e.target.value })} />
        </label>
        <label>
          {admin.action}
          <select value={draft.type} onChange={(e) => setDraft({ ...draft, type: e.target.value })}>
            <option value="">{admin.anyAction}</option>
            {shown?.auditEventTypes.map((type) => (
              <option key={type.type} value={type.type}>
                {type.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          {admin.from}
          <input type="date" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
        </label>
        <label>
          {admin.to}
          <input type="date" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
        </label>
        <button type="submit" className="secondary">
          {admin.find}
        </button>
      </form>
      {error && (
        <p role="alert" className="error">
          {error.message}{' '}
          <button type="button" onClick={() => refetch()}>
            {t.retry}
          </button>
        </p>
      )}
      {!events && !error && <p aria-busy="true">{t.loading}</p>}
      {events && (
        <>
          {events.nodes.length > 0 && (
            <table className="stack audit">
              <thead>
                <tr>
                  <th>{admin.at}</th>
                  <th>{admin.actor}</th>
                  <th>{admin.action}</th>
                  <th>{admin.about}</th>
                </tr>
              </thead>
              <tbody>
                {events.nodes.map((event) => (
                  <tr key={event.id}>
                    <td data-label={admin.at}>{when(event.at)}</td>
                    <td data-label={admin.actor}>{event.actor ? `${event.actor.name} (${event.actor.email})` : admin.system}</td>
                    <td data-label={admin.action}>{event.label}</td>
                    <td data-label={admin.about} className="email">
                      {about(event)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <Pager
            label={admin.auditPage}
            pages={pages}
            pageSize={PAGE_SIZE}
            shown={events.nodes.length}
            totalCount={events.totalCount}
            endCursor={events.pageInfo.endCursor}
            hasNextPage={events.pageInfo.hasNextPage}
          />
        </>
      )}
    </section>
  );
}

/** The administrator's desk: accounts, the centre's API tokens and the audit log. */
export default function AdminPage() {
  usePageTitle(admin.title);
  const viewer = useQuery<ViewerQueryQuery>(VIEWER_QUERY);
  if (viewer.loading) return <p aria-busy="true">{t.loading}</p>;
  const me = viewer.data?.viewer;
  return (
    <section className="admin">
      <h1>{admin.title}</h1>
      {me && isAdmin(me.role) ? (
        <>
          <nav className="tabs" aria-label={admin.title}>
            <a href="#accounts-title">{admin.accounts}</a>
            <a href="#tokens-title">{admin.tokens}</a>
            <a href="#audit-title">{admin.audit}</a>
          </nav>
          <Accounts viewerId={me.id} />
          <Tokens />
          <Audit />
        </>
      ) : (
        <p role="alert">{admin.forbidden}</p>
      )}
    </section>
  );
}
