import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261122035911 } from './Migration20261122035911.ts';
import { Migration20261122042404 } from './Migration20261122042404.ts';
import { Migration20261122050854 } from './Migration20261122050854.ts';
import { Migration20261122063743 } from './Migration20261122063743.ts';
import { Migration20261122080857 } from './Migration20261122080857.ts';
import { Migration20261122081930 } from './Migration20261122081930.ts';
import { Migration20261122083000 } from './Migration20261122083000.ts';
import { Migration20261122085500 } from './Migration20261122085500.ts';
import { Migration20261122120000 } from './Migration20261122120000.ts';
import { Migration20261122123000 } from './Migration20261122123000.ts';
import { Migration20261122130000 } from './Migration20261122130000.ts';
import { Migration20261123090000 } from './Migration20261123090000.ts';
import { Migration20261123091000 } from './Migration20261123091000.ts';
import { Migration20261130080000 } from './Migration20261130080000.ts';
import { Migration20261130090000 } from './Migration20261130090000.ts';
import { Migration20261130100000 } from './Migration20261130100000.ts';
import { Migration20261130110000 } from './Migration20261130110000.ts';
import { Migration20261130120000 } from './Migration20261130120000.ts';
import { Migration20261201080000 } from './Migration20261201080000.ts';
import { Migration20261201094700 } from './Migration20261201094700.ts';
import { Migration20261202090000 } from './Migration20261202090000.ts';

/** Every migration, in order. `npm run migration:create` writes a new one; add it here. */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261122035911', class: Migration20261122035911 },
  { name: 'Migration20261122042404', class: Migration20261122042404 },
  { name: 'Migration20261122050854', class: Migration20261122050854 },
  { name: 'Migration20261122063743', class: Migration20261122063743 },
  { name: 'Migration20261122080857', class: Migration20261122080857 },
  { name: 'Migration20261122081930', class: Migration20261122081930 },
  { name: 'Migration20261122083000', class: Migration20261122083000 },
  { name: 'Migration20261122085500', class: Migration20261122085500 },
  { name: 'Migration20261122120000', class: Migration20261122120000 },
  { name: 'Migration20261122123000', class: Migration20261122123000 },
  { name: 'Migration20261122130000', class: Migration20261122130000 },
  { name: 'Migration20261123090000', class: Migration20261123090000 },
  { name: 'Migration20261123091000', class: Migration20261123091000 },
  { name: 'Migration20261130080000', class: Migration20261130080000 },
  { name: 'Migration20261130090000', class: Migration20261130090000 },
  { name: 'Migration20261130100000', class: Migration20261130100000 },
  { name: 'Migration20261130110000', class: Migration20261130110000 },
  { name: 'Migration20261130120000', class: Migration20261130120000 },
  { name: 'Migration20261201080000', class: Migration20261201080000 },
  { name: 'Migration20261201094700', class: Migration20261201094700 },
  { name: 'Migration20261202090000', class: Migration20261202090000 },
];
