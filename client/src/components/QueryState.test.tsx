// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { QueryState } from './QueryState.tsx';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const host = document.createElement('div');
let root: Root;
beforeEach(() => {
  root = createRoot(host);
});
afterEach(() => {
  act(() => root.unmount());
  host.replaceChildren();
});

describe('query state', () => {
  it('says it is loading, busy, before anything else', () => {
    act(() => root.render(<QueryState loading error={new Error('x')} onRetry={() => {}} notFound={<p>нет</p>} />));
    expect(host.querySelector('[aria-busy="true"]')!.textContent).toBe('Загрузка…');
    expect(host.querySelector('[role="alert"]')).toBeNull();
  });

  it('reports a failure as an alert whose button asks again', () => {
    let retried = 0;
    act(() => root.render(<QueryState error={new Error('сеть')} onRetry={() => retried++} notFound={<p>нет</p>} />));
    const alert = host.querySelector('[role="alert"]')!;
    expect(alert.textContent).toBe('Не удалось загрузить данные. Повторить');
    act(() => alert.querySelector('button')!.click());
    expect(retried).toBe(1);
  });

  it('shows what stands for a missing thing once loaded without error', () => {
    act(() => root.render(<QueryState loading={false} onRetry={() => {}} notFound={<h1>Подборка не найдена</h1>} />));
    expect(host.innerHTML).toBe('<h1>Подборка не найдена</h1>');
  });
});
