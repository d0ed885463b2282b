import { TracesError } from './errors.js';

/** A routing-counts input problem, named by its file. */
export function countsInputError(file: string, message: string): TracesError {
  return new TracesError('ROUTING_INPUT_INVALID', `${file}: ${message}`);
}

/** A serving system's dump as JSON; `hint` says how to produce JSON from the system's own format. */
export function parseDumpJson(text: string, file: string, hint: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw countsInputError(file, `not JSON (${(err as Error).message}); ${hint}`);
  }
}
