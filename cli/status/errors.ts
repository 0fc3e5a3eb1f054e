import { PcaMtlsError } from '../../lib/errors.ts';

/** The inventory itself could not be listed (AWS unreachable, access denied): exit 2. */
export class InventoryUnavailableError extends PcaMtlsError {
  override name = 'InventoryUnavailableError';
  readonly exitCode = 2;
  constructor(problem: string, options?: { cause?: unknown }) {
    super('INVENTORY_UNAVAILABLE', `cannot list the pca-mtls secrets: ${problem}`, options);
  }
}

/** The inventory has warnings or errors: exit 1 (the report says which). */
export class StatusProblemsError extends PcaMtlsError {
  override name = 'StatusProblemsError';
  readonly exitCode = 1;
  constructor(message: string) {
    super('STATUS_PROBLEMS', message);
  }
}
