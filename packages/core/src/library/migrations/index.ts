// Forward-only schema migrations. Never edit a released one: add the next number.
import { m001Initial } from './001-initial.js';

export interface Migration {
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [m001Initial];
