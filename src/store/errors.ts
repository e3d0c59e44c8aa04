import { OpsradarError } from '../core/errors.js';

/** A store problem a person can act on (a newer database, bad input, an unknown id). */
export class StoreError extends OpsradarError {}
