import { defineService } from '../protocol/service.js';
import { initialSecretsManagerState, type SecretsManagerState } from './state.js';

/** AWS Secrets Manager. */
export const secretsManagerService = defineService<SecretsManagerState>({
  id: 'secretsmanager',
  targetPrefix: 'secretsmanager',
  messageKey: 'Message',
  initialState: initialSecretsManagerState,
  operations: {},
});
