import { PcaMtlsError } from '../../lib/errors.ts';

/** A construct prop is missing or out of range at synth; the message names the construct and the prop. */
export class InvalidPropsError extends PcaMtlsError {
  override name = 'InvalidPropsError';
  constructor(
    readonly construct: string,
    readonly prop: string,
    problem: string,
    options?: { cause?: unknown },
  ) {
    super('INVALID_PROPS', `${construct}: prop '${prop}' ${problem}`, options);
  }
}
