// @vitest-environment happy-dom
import { ApolloClient, ApolloLink, InMemoryCache, Observable } from '@apollo/client';
import { ApolloProvider } from '@apollo/client/react';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { validateDraft } from '../features/editor/validate.ts';
import { Editor } from './MaterialEditorPage.tsx';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const MATERIAL = {
  __typename: 'Publication',
  id: 'UHVibGljYXRpb246MQ',
  kind: 'PUBLICATION',
  status: 'DRAFT',
  version: 3,
  title: 'Статья о проектах',
  summary: '',
  body: '',
  grades: [],
  keywords: [],
  subjects: [],
  levels: [],
  authors: [],
  attachments: [],
  source: '',
  year: null,
  pages: '',
  isbn: '',
  doi: '',
  url: '',
};

let root: Root;
let host: HTMLElement;
/** Operations the editor tried to send; this test only renders, so the link answers nothing. */
let sent: string[];

beforeEach(() => {
  vi.useFakeTimers();
  sent = [];
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
  const link = new ApolloLink((operation) => {
    sent.push(operation.operationName ?? '');
    return new Observable(() => {});
  });
  const client = new ApolloClient({ link, cache: new InMemoryCache() });
  act(() =>
    root.render(
      <ApolloProvider client={client}>
        <Editor material={MATERIAL as never} subjects={[]} levels={[]} />
      </ApolloProvider>,
    ),
  );
});
afterEach(() => {
  act(() => root.unmount());
  host.remove();
  vi.useRealTimers();
});

function type(id: string, value: string) {
  const input = host.querySelector<HTMLInputElement>(`#${id}`)!;
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
  act(() => {
    setter.call(input, value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
  return input;
}

describe('material editor validation', () => {
  it('says next to the field what is wrong, marks it invalid, and autosaves nothing invalid', () => {
    const title = type('f-title', 'Ст');
    expect(title.getAttribute('aria-invalid')).toBe('true');
    expect(host.querySelector('#f-title-error')!.textContent).toBe('Название — не короче 3 символов');
    type('f-year', '20250');
    expect(host.querySelector('#f-year-error')!.textContent).toBe('Год — четыре цифры, от 1900 до 2100');
    type('f-url', 'школа.рф');
    expect(host.querySelector('#f-url-error')!.textContent).toBe('Адрес должен начинаться с http:// или https://');
    expect(host.querySelector('[role=status]')!.textContent).toBe('Есть несохранённые изменения');
    act(() => vi.advanceTimersByTime(5000));
    expect(sent).toEqual([]);
  });

  it('saves on its own a moment after a valid change', () => {
    type('f-title', 'Статья о проектной деятельности');
    expect(host.querySelector('#f-title-error')).toBeNull();
    act(() => vi.advanceTimersByTime(2000));
    expect(sent).toEqual(['UpdateMaterialMutation']);
    expect(host.querySelector('[role=status]')!.textContent).toBe('Сохранение…');
  });

  it('refuses to send to review without an author, and says so', () => {
    const submit = [...host.querySelectorAll('button')].find((b) => b.textContent === 'Отправить на экспертизу')!;
    act(() => submit.click());
    expect(host.querySelector('#authors-error')!.textContent).toBe('Добавьте хотя бы одного автора');
    expect(sent).toEqual([]);
  });

  it('checks DOI, ISBN and keyword limits the way the server does', () => {
    const base = {
      kind: 'PUBLICATION',
      title: 'Три слова тут',
      summary: '',
      body: '',
      grades: [],
      keywords: '',
      subjectIds: [],
      levelIds: [],
      authorIds: [],
      problem: '',
      goal: '',
      novelty: '',
      results: '',
      reuseConditions: '',
      source: '',
      year: '',
      pages: '',
      isbn: '',
      doi: '',
      url: '',
      materialType: '',
      number: '',
      issuer: '',
      adoptedAt: '',
      legalStatus: '',
    };
    expect(validateDraft({ ...base, doi: '10.1234/abc', isbn: '978-5-09-087654-3' })).toEqual({});
    expect(validateDraft({ ...base, doi: 'doi.org/x', isbn: 'ISBN?' })).toEqual({
      doi: 'DOI выглядит так: 10.1234/abcd',
      isbn: 'ISBN — 10 или 13 цифр, можно с дефисами',
    });
    expect(validateDraft({ ...base, keywords: Array.from({ length: 31 }, (_, i) => `слово${i}`).join(', ') }).keywords).toBe(
      'Не больше 30',
    );
  });

  it('asks before review for what the kind registry requires of a practice, next to each field; a preschool practice needs no class', () => {
    const practice = {
      kind: 'BEST_PRACTICE',
      title: 'Практика',
      summary: '',
      body: '',
      grades: [],
      keywords: '',
      subjectIds: [],
      levelIds: [],
      authorIds: ['a'],
      problem: 'Проблема',
    };
    expect(validateDraft(practice, { forSubmit: true })).toEqual({
      goal: 'Заполните перед отправкой на экспертизу',
      results: 'Заполните перед отправкой на экспертизу',
      subjectIds: 'Выберите хотя бы один предмет',
      levelIds: 'Выберите хотя бы один уровень образования',
      grades: 'Выберите хотя бы один класс',
    });
    const complete = { ...practice, goal: 'Цель', results: 'Результаты', subjectIds: ['s'], levelIds: ['l'] };
    expect(validateDraft(complete, { forSubmit: true, levelCodes: ['ДО'] })).toEqual({});
    expect(validateDraft(complete, { forSubmit: true, levelCodes: ['НОО'] })).toEqual({ grades: 'Выберите хотя бы один класс' });
    expect(validateDraft(practice)).toEqual({});
  });
});
