import { defineService } from '../protocol/service.js';
import { BatchGetSecretValue } from './operations/BatchGetSecretValue.js';
import { CreateSecret } from './operations/CreateSecret.js';
import { DescribeSecret } from './operations/DescribeSecret.js';
import { GetRandomPassword } from './operations/GetRandomPassword.js';
import { GetSecretValue } from './operations/GetSecretValue.js';
import { ListSecrets } from './operations/ListSecrets.js';
import { PutSecretValue } from './operations/PutSecretValue.js';
import { initialSecretsManagerState, type SecretsManagerState } from './state.js';

/** AWS Secrets Manager. */
export const secretsManagerService = defineService<SecretsManagerState>({
  id: 'secretsmanager',
  targetPrefix: 'secretsmanager',
  messageKey: 'Message',
  initialState: initialSecretsManagerState,
  operations: {
    BatchGetSecretValue,
    CreateSecret,
    DescribeSecret,
    GetRandomPassword,
    GetSecretValue,
    ListSecrets,
    PutSecretValue,
  },
});
