import { gql } from '@apollo/client';
import { useMutation } from '@apollo/client/react';
import { useId, useState } from 'react';
import { t } from '../../app/i18n.ts';
import { life } from '../../app/texts/life.ts';
import type { ArchiveMaterialMutationMutation, ArchiveMaterialMutationMutationVariables } from '../../gql/graphql.ts';

const ARCHIVE = gql`
  mutation ArchiveMaterialMutation($id: ID!, $reason: String!) {
    archiveMaterial(id: $id, reason: $reason) {
      id
      status
      version
      updatedAt
    }
  }
`;

/** The statuses a material may be put away from (the API's rule): published ones are withdrawn. */
export const ARCHIVABLE = ['PUBLISHED', 'DRAFT', 'REJECTED'];

/**
 * A methodist withdraws a material from publication (or puts a draft away): the reason is asked for,
 * then the question names what stops (readers, the certificate) and quotes the reason the author reads.
 */
export function ArchiveAction({
  material,
  done,
}: {
  material: { id: string; title: string; status: string; registrationNumber?: string | null };
  done: () => void;
}) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const [asking, setAsking] = useState(false);
  const [archive, state] = useMutation<ArchiveMaterialMutationMutation, ArchiveMaterialMutationMutationVariables>(ARCHIVE);
  const reasonId = useId();
  const published = material.status === 'PUBLISHED';
  const label = published ? life.archive : life.archiveDraft;
  if (!ARCHIVABLE.includes(material.status)) return null;
  if (!open)
    return (
      <button type="button" className="button-secondary" onClick={() => setOpen(true)}>
        {label}
      </button>
    );

  const ask = () => {
    if (!reason.trim()) return setMissing(true);
    setAsking(true);
  };
  const confirm = async () => {
    if (await archive({ variables: { id: material.id, reason: reason.trim() } }).catch(() => null)) done();
    setAsking(false);
  };
  return (
    <div className="archive-form">
      <label className="desk-label" htmlFor={reasonId}>
        {life.archiveReason}
      </label>
      <textarea
        id={reasonId}
        rows={3}
        value={reason}
        aria-invalid={missing}
        aria-describedby={missing ? `${reasonId}-error` : undefined}
        onChange={(e) => {
          setReason(e.target.value);
          setMissing(false);
          setAsking(false);
        }}
      />
      {missing && (
        <p id={`${reasonId}-error`} role="alert" className="error">
          {life.reasonNeeded}
        </p>
      )}
      <div className="actions">
        <button type="button" disabled={state.loading} onClick={ask}>
          {label}
        </button>
        <button
          type="button"
          onClick={() => {
            setOpen(false);
            setAsking(false);
          }}
        >
          {t.cancel}
        </button>
      </div>
      {asking && (
        <div className="confirm" role="group" aria-label={label}>
          <p>
            {published
              ? life.confirmArchive(material.title, material.registrationNumber ?? null, reason.trim())
              : life.confirmArchiveDraft(material.title, reason.trim())}
          </p>
          <div className="actions">
            <button type="button" className="primary" disabled={state.loading} onClick={() => void confirm()}>
              {published ? life.yesArchive : life.yesArchiveDraft}
            </button>
            <button type="button" onClick={() => setAsking(false)}>
              {t.cancel}
            </button>
          </div>
        </div>
      )}
      {state.error && (
        <p role="alert" className="error">
          {state.error.message}
        </p>
      )}
    </div>
  );
}
