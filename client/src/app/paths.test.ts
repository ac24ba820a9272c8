import fs from 'node:fs';
import { expect, it } from 'vitest';
import { PAGE_MODULES } from './paths.ts';

it('the server preloads the very modules main.tsx draws the pages with', () => {
  const main = fs.readFileSync(new URL('../main.tsx', import.meta.url), 'utf8');
  const imported = [...main.matchAll(/(?:import\(|from )'\.\/(pages\/[A-Za-z]+\.tsx)'/g)].map((m) => `src/${m[1]}`);
  expect(new Set(Object.values(PAGE_MODULES))).toEqual(new Set(imported));
});
