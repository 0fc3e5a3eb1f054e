import { PcaMtlsError } from '../errors.ts';

/** A secret's JSON does not follow the schema; `field` names the member at fault. */
export class SecretSchemaError extends PcaMtlsError {
  override name = 'SecretSchemaError';
  readonly secretId: string;
  readonly field: string | undefined;

  constructor(secretId: string, field: string | undefined, problem: string) {
    super('SECRET_SCHEMA', `secret ${secretId}: ${field ? `field '${field}' ` : ''}${problem}`);
    this.secretId = secretId;
    this.field = field;
  }
}
