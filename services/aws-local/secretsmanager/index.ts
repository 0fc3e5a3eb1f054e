import { defineService } from '../protocol/service.js';
import { secretsManagerAuthorization } from './authorization.js';
import { BatchGetSecretValue } from './operations/BatchGetSecretValue.js';
import { CreateSecret } from './operations/CreateSecret.js';
import { DeleteSecret } from './operations/DeleteSecret.js';
import { DescribeSecret } from './operations/DescribeSecret.js';
import { GetRandomPassword } from './operations/GetRandomPassword.js';
import { GetSecretValue } from './operations/GetSecretValue.js';
import { ListSecretVersionIds } from './operations/ListSecretVersionIds.js';
import { ListSecrets } from './operations/ListSecrets.js';
import { PutSecretValue } from './operations/PutSecretValue.js';
import { RestoreSecret } from './operations/RestoreSecret.js';
import { TagResource } from './operations/TagResource.js';
import { UntagResource } from './operations/UntagResource.js';
import { UpdateSecret } from './operations/UpdateSecret.js';
import { UpdateSecretVersionStage } from './operations/UpdateSecretVersionStage.js';
import { initialSecretsManagerState, type SecretsManagerState } from './state.js';

/** AWS Secrets Manager. */
export const secretsManagerService = defineService<SecretsManagerState>({
  id: 'secretsmanager',
  targetPrefix: 'secretsmanager',
  messageKey: 'Message',
  initialState: initialSecretsManagerState,
  authorization: secretsManagerAuthorization,
  operations: {
    BatchGetSecretValue,
    CreateSecret,
    DeleteSecret,
    DescribeSecret,
    GetRandomPassword,
    GetSecretValue,
    ListSecretVersionIds,
    ListSecrets,
    PutSecretValue,
    RestoreSecret,
    TagResource,
    UntagResource,
    UpdateSecret,
    UpdateSecretVersionStage,
  },
});
