import { useLayoutEffect, useRef, useState } from 'react';
import { t } from '../../app/i18n.ts';
import { Markdown } from '../../components/Markdown.tsx';

/**
 * Markup only: with nothing selected the cursor lands where the text goes, and no sample words are
 * left in the author's text to delete (a table gets empty cells, the cursor in the first).
 */
const TOOLS: Array<{ label: string; title: string; before: string; after?: string; line?: boolean }> = [
  { label: 'H2', title: t.md.heading, before: '## ', line: true },
  { label: 'H3', title: t.md.subheading, before: '### ', line: true },
  { label: 'Ж', title: t.md.bold, before: '**', after: '**' },
  { label: '•', title: t.md.bullets, before: '- ', line: true },
  { label: '1.', title: t.md.numbers, before: '1. ', line: true },
  { label: t.md.table, title: t.md.table, before: '| ', after: ' |  |\n|---|---|\n|  |  |\n', line: true },
  { label: t.md.link, title: t.md.link, before: '[', after: '](https://)' },
];

/** The body: Markdown with a toolbar for headings, lists, tables and links, and a preview of how readers will see it. */
export function BodyEditor({ value, onChange, error }: { value: string; onChange: (value: string) => void; error?: string }) {
  const area = useRef<HTMLTextAreaElement>(null);
  const [preview, setPreview] = useState(false);
  // Where the cursor goes after a tool's markup is in: set in the same task as the click, right after
  // React has put the new text in. Waiting for the next frame let keys typed at once land elsewhere
  // (the first letter went to the start of the text).
  const cursorAfter = useRef<[number, number] | null>(null);
  useLayoutEffect(() => {
    const [el, range] = [area.current, cursorAfter.current];
    if (!el || !range) return;
    cursorAfter.current = null;
    el.focus();
    el.setSelectionRange(...range);
  });
  const apply = (tool: (typeof TOOLS)[number]) => {
    const el = area.current;
    if (!el) return;
    const { selectionStart: start, selectionEnd: end } = el;
    const selected = value.slice(start, end);
    const lineStart = tool.line && start > 0 && value[start - 1] !== '\n' ? '\n' : '';
    const insert = `${lineStart}${tool.before}${selected}${tool.after ?? ''}`;
    onChange(value.slice(0, start) + insert + value.slice(end));
    const cursor = start + lineStart.length + tool.before.length;
    cursorAfter.current = [cursor, cursor + selected.length];
  };
  return (
    <div className="body-editor">
      <span className="field-label" id="body-label">
        {t.bodyField}
      </span>
      <div role="toolbar" aria-label={t.md.toolbar} className="md-toolbar">
        {TOOLS.map((tool) => (
          <button
            key={tool.title}
            type="button"
            title={tool.title}
            aria-label={tool.label === tool.title ? tool.title : `${tool.title}: ${tool.label}`}
            disabled={preview}
            onClick={() => apply(tool)}
          >
            {tool.label}
          </button>
        ))}
        <button type="button" aria-pressed={preview} onClick={() => setPreview(!preview)}>
          {preview ? t.md.edit : t.md.preview}
        </button>
      </div>
      {preview ? (
        <div className="md-preview" aria-labelledby="body-label">
          <Markdown text={value} />
        </div>
      ) : (
        <textarea
          ref={area}
          rows={14}
          aria-labelledby="body-label"
          aria-invalid={!!error}
          aria-describedby={error ? 'body-error' : 'body-hint'}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
      {error ? (
        <span id="body-error" className="error">
          {error}
        </span>
      ) : (
        <span id="body-hint" className="muted">
          {t.md.hint}
        </span>
      )}
    </div>
  );
}
