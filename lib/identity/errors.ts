import { PcaMtlsError } from '../errors.ts';

/** An export request that cannot be carried out; nothing was written. */
export class ExportError extends PcaMtlsError {
  override name = 'ExportError';
}

/** A request field is missing or out of range; `field` names it. */
export class ExportRequestError extends ExportError {
  override name = 'ExportRequestError';
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super('BAD_REQUEST', `${field} ${problem}`);
  }
}
