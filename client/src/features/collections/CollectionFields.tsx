import { curation } from '../../app/texts/curation.ts';

export interface CollectionText {
  title: string;
  description: string;
}

/** A collection's title and description, as the API limits them; the same in the new-collection form and the editor. */
export function CollectionFields({ values, onChange }: { values: CollectionText; onChange: (values: CollectionText) => void }) {
  return (
    <>
      <label>
        {curation.titleField}
        <input
          required
          minLength={3}
          maxLength={300}
          value={values.title}
          onChange={(e) => onChange({ ...values, title: e.target.value })}
        />
      </label>
      <label>
        {curation.descriptionField}
        <textarea
          rows={3}
          maxLength={3000}
          value={values.description}
          onChange={(e) => onChange({ ...values, description: e.target.value })}
        />
      </label>
    </>
  );
}
