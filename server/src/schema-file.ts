/** `--write` emits schema.graphql from the code; `--check` fails when the committed file differs. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildKbSchema, printKbSchema } from './schema.ts';

const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../schema.graphql');
const emitted = printKbSchema(await buildKbSchema());

if (process.argv.includes('--write')) {
  fs.writeFileSync(file, emitted);
  console.log(`schema.graphql записан (${emitted.split('\n').length} строк)`);
} else {
  const committed = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  if (committed !== emitted) {
    console.error('schema.graphql не совпадает со схемой из кода: выполните npm run schema:emit и закоммитьте файл');
    process.exit(1);
  }
  console.log('schema.graphql совпадает со схемой из кода');
}
