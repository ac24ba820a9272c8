import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findBankFile, openBankFile } from './bank-files.ts';

let root: string;
let bank: string;
beforeEach(async () => {
  root = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'kb-bank-files-')));
  bank = path.join(root, 'bank');
  await fs.mkdir(path.join(bank, 'files'), { recursive: true });
  await fs.writeFile(path.join(root, 'secret.txt'), 'DB_PASSWORD=тайна-сервера\n');
  await fs.writeFile(path.join(bank, 'files', 'plan.txt'), 'План урока');
});
afterEach(() => fs.rm(root, { recursive: true, force: true }));

describe('files a bank names', () => {
  it('refuses to read a file swapped for a symlink out of the folder after it was checked', async () => {
    const checked = findBankFile(bank, 'files/plan.txt');
    await fs.rm(path.join(bank, 'files', 'plan.txt'));
    await fs.symlink(path.join(root, 'secret.txt'), path.join(bank, 'files', 'plan.txt'));
    await expect(openBankFile(checked, 'files/plan.txt')).rejects.toThrow('файл «files/plan.txt» изменился во время импорта');
  });

  it('refuses to read a file replaced by another one after it was checked', async () => {
    const checked = findBankFile(bank, 'files/plan.txt');
    await fs.rename(path.join(root, 'secret.txt'), path.join(bank, 'files', 'plan.txt'));
    await expect(openBankFile(checked, 'files/plan.txt')).rejects.toThrow('изменился во время импорта');
  });

  it('reads a checked file inside the folder, also through a symlink that stays inside', async () => {
    await fs.symlink('files/plan.txt', path.join(bank, 'alias.txt'));
    const handle = await openBankFile(findBankFile(bank, 'alias.txt'), 'alias.txt');
    try {
      expect(await handle.readFile('utf8')).toBe('План урока');
    } finally {
      await handle.close();
    }
  });

  it('names a symlink loop instead of following it forever', async () => {
    await fs.symlink('b', path.join(bank, 'a'));
    await fs.symlink('a', path.join(bank, 'b'));
    expect(() => findBankFile(bank, 'a/plan.txt')).toThrow('символические ссылки ведут по кругу');
  });
});
