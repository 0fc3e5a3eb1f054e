import { PcaMtlsError } from '../errors.ts';

/** A secret's JSON does not follow the schema; `field` names the member at fault. */
export class SecretSchemaError extends PcaMtlsError {
  override name = 'SecretSchemaError';
  constructor(
    readonly secretId: string,
    readonly field: string | undefined,
    problem: string,
  ) {
    super('SECRET_SCHEMA', `secret ${secretId}: ${field ? `field '${field}' ` : ''}${problem}`);
  }
}
