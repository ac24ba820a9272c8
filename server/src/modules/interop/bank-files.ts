import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';

/** Why a file a bank names cannot be taken; the message is the line's reason. */
export class BankFileError extends Error {}

/** A regular file inside the bank's folder: where it is and which file it was when checked. */
export interface BankFile {
  path: string;
  dev: number;
  ino: number;
}

/** Symlinks followed for one path before it counts as a loop (Linux's own limit). */
const MAX_LINKS = 40;

const isInside = (folder: string, target: string) => {
  const relative = path.relative(folder, target);
  return relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
};

/**
 * The file a bank line names by `relative`, which must lead to a regular file inside `folder` (a
 * real path) through symlinks too. Nothing outside the folder is ever looked at: a path or symlink
 * that leads out is refused by where it points, so the answer is the same whether or not something
 * exists there (a dry run tells nothing about the server's disk).
 */
export function findBankFile(folder: string, relative: string): BankFile {
  if (path.isAbsolute(relative) || path.win32.isAbsolute(relative))
    throw new BankFileError(`абсолютный путь «${relative}» не принимается: укажите путь относительно файла импорта`);
  const outside = () => new BankFileError(`путь «${relative}» ведёт за пределы папки файла импорта`);
  let links = 0;
  /** `target` (inside the folder, normalised) with every symlink on it resolved, one component at a time. */
  const follow = (target: string): string => {
    const parts = path.relative(folder, target).split(path.sep).filter(Boolean);
    let current = folder;
    for (const [i, part] of parts.entries()) {
      const next = path.join(current, part);
      let stat: fs.Stats;
      try {
        stat = fs.lstatSync(next);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') return path.join(next, ...parts.slice(i + 1));
        throw error;
      }
      if (!stat.isSymbolicLink()) {
        current = next;
        continue;
      }
      if (++links > MAX_LINKS) throw new BankFileError(`путь «${relative}»: символические ссылки ведут по кругу`);
      const pointed = path.resolve(current, fs.readlinkSync(next));
      if (!isInside(folder, pointed)) throw outside();
      current = follow(pointed);
    }
    return current;
  };
  const lexical = path.resolve(folder, relative);
  if (!isInside(folder, lexical)) throw outside();
  const real = follow(lexical);
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(real);
  } catch {
    throw new BankFileError(`файл «${relative}» не найден рядом с файлом импорта`);
  }
  if (!stat.isFile()) throw new BankFileError(`«${relative}» — не обычный файл (папка, канал или устройство)`);
  return { path: real, dev: stat.dev, ino: stat.ino };
}

/**
 * Opens a checked file for reading, refusing it if it was swapped since the check (a symlink put in
 * its place is not followed; another file has another inode) or is no longer a regular file. Opened
 * non-blocking, so that a FIFO put there cannot hang the import.
 */
export async function openBankFile(file: BankFile, relative: string): Promise<fsp.FileHandle> {
  const handle = await fsp.open(file.path, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK).catch(() => {
    throw new BankFileError(`файл «${relative}» изменился во время импорта: запустите импорт ещё раз`);
  });
  const stat = await handle.stat();
  if (!stat.isFile() || stat.dev !== file.dev || stat.ino !== file.ino) {
    await handle.close();
    throw new BankFileError(`файл «${relative}» изменился во время импорта: запустите импорт ещё раз`);
  }
  return handle;
}
