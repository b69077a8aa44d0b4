// Forward-only schema migrations. Never edit a released one: add the next number.
import { m001Initial } from './001-initial.js';
import { m002Catalog } from './002-catalog.js';

export interface Migration {
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [m001Initial, m002Catalog];
