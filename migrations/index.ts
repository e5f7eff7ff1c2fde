import { Foundation1795715881988 } from './1795715881988-Foundation.js';
import { Books1795716572338 } from './1795716572338-Books.js';

/** Every migration in order. New migrations are added here explicitly. */
export const MIGRATIONS: Function[] = [Foundation1795715881988, Books1795716572338];
