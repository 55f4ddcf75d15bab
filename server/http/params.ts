import { ApiError } from './api';

/** A positive integer id from the path, or 400. */
export function idParam(value: string | undefined, what: string): number {
  const id = Number(value);
  if (!Number.isInteger(id) || id < 1) throw new ApiError(400, `"${value}" is not a valid ${what} id.`);
  return id;
}
