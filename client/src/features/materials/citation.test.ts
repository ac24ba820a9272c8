import { describe, expect, it } from 'vitest';
import { citation } from './citation.ts';

const site = 'Методическая база знаний';
const url = 'https://metod.example.org/materials/abc';
const accessed = new Date(2026, 10, 30);

describe('citation by ГОСТ Р 7.0.100-2018', () => {
  it('puts one to three authors in the heading and the statement of responsibility, with the date of access', () => {
    expect(
      citation(
        {
          title: 'Проектная деятельность на уроках математики',
          authors: ['Иванова Мария Петровна', 'Петров Алексей Сергеевич'],
          year: 2024,
        },
        site,
        url,
        accessed,
      ),
    ).toBe(
      'Иванова, М. П. Проектная деятельность на уроках математики / М.\u00a0П.\u00a0Иванова, А.\u00a0С.\u00a0Петров. — Текст : электронный // Методическая база знаний. — 2024. — URL: https://metod.example.org/materials/abc (дата обращения: 30.11.2026).',
    );
  });

  it('has no heading for four authors and names the first three «и др.» for five', () => {
    const four = ['Аа Бб Вв', 'Гг Дд Ее', 'Жж Зз Ии', 'Кк Лл Мм'];
    expect(citation({ title: 'Сборник', authors: four, year: 2025 }, site, url, accessed)).toMatch(
      /^Сборник \/ Б\.\u00a0В\.\u00a0Аа, Д\.\u00a0Е\.\u00a0Гг, З\.\u00a0И\.\u00a0Жж, Л\.\u00a0М\.\u00a0Кк\. — Текст/,
    );
    expect(citation({ title: 'Сборник', authors: [...four, 'Нн Оо Пп'], year: 2025 }, site, url, accessed)).toMatch(
      /^Сборник \/ Б\.\u00a0В\.\u00a0Аа, Д\.\u00a0Е\.\u00a0Гг, З\.\u00a0И\.\u00a0Жж \[и\u00a0др\.\]\. — Текст/,
    );
  });

  it('cites an act without authors or year by its title, without a doubled full stop', () => {
    expect(citation({ title: 'Положение об ИМЦ.', authors: [], year: null }, site, url, accessed)).toBe(
      'Положение об ИМЦ. — Текст : электронный // Методическая база знаний. — URL: https://metod.example.org/materials/abc (дата обращения: 30.11.2026).',
    );
  });
});
