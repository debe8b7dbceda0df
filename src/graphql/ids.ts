import { ErrorCode, refuse } from './errors';
import { decodeIntId } from './global-id';

/** Decodes a global id given in a mutation input; a wrong or unknown one is a user error on that field. */
export function inputId(id: string, type: string, field: string[]): number {
  const key = decodeIntId(id, type);
  if (key === null) refuse(ErrorCode.NOT_FOUND, `${field[field.length - 1]} is not the id of a ${type}`, field);
  return key;
}

export function optionalInputId(id: string | null | undefined, type: string, field: string[]): number | null {
  return id ? inputId(id, type, field) : null;
}
