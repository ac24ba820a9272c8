import { gql } from '@apollo/client';
import { useQuery } from '@apollo/client/react';
import { t } from '../app/i18n.ts';
import { Link } from '../app/router.tsx';
import { usePageTitle } from '../app/title.ts';
import { Editor } from '../features/editor/Editor.tsx';
import type { MaterialEditorQueryQuery, MaterialEditorQueryQueryVariables } from '../gql/graphql.ts';
import { QueryState } from '../components/QueryState.tsx';

export { Editor } from '../features/editor/Editor.tsx';

const EDITOR_QUERY = gql`
  query MaterialEditorQuery($id: ID!) {
    material(id: $id) {
      id
      kind
      status
      version
      title
      summary
      body
      grades
      keywords
      subjects {
        id
      }
      levels {
        id
      }
      authors {
        id
        fullName
        position
      }
      organization {
        id
        name
        municipality
      }
      ...FileList_material
      ...KindFields_material
      ...WorkflowNote_material
    }
    subjects {
      id
      name
    }
    educationLevels {
      id
      code
      name
    }
  }
`;
/** The editor's route: loads the material and its dictionaries, then hands them to the editor. */
export default function MaterialEditorPage({ id }: { id: string }) {
  const { data, loading, error, refetch } = useQuery<MaterialEditorQueryQuery, MaterialEditorQueryQueryVariables>(EDITOR_QUERY, {
    variables: { id },
    fetchPolicy: 'network-only',
  });
  usePageTitle(data?.material ? t.editing(t.kinds[data.material.kind] ?? data.material.kind) : null);
  const m = data?.material;
  if (loading || error || !m)
    return (
      <QueryState
        loading={loading}
        error={error}
        onRetry={refetch}
        notFound={
          <p>
            {t.notFound} <Link href="/my">{t.myMaterials}</Link>
          </p>
        }
      />
    );
  // A new status (withdrawn from review) starts the editor afresh, with the material's new version.
  return (
    <Editor
      key={`${m.id}:${m.status}`}
      material={m}
      subjects={data.subjects}
      levels={data.educationLevels}
      onChanged={() => void refetch()}
    />
  );
}
