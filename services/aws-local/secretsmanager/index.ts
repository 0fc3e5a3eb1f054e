import { defineService } from '../protocol/service.ts';
import { secretsManagerAuthorization } from './authorization.ts';
import { BatchGetSecretValue } from './operations/BatchGetSecretValue.ts';
import { CreateSecret } from './operations/CreateSecret.ts';
import { DeleteSecret } from './operations/DeleteSecret.ts';
import { DescribeSecret } from './operations/DescribeSecret.ts';
import { GetRandomPassword } from './operations/GetRandomPassword.ts';
import { GetSecretValue } from './operations/GetSecretValue.ts';
import { ListSecretVersionIds } from './operations/ListSecretVersionIds.ts';
import { ListSecrets } from './operations/ListSecrets.ts';
import { PutSecretValue } from './operations/PutSecretValue.ts';
import { RestoreSecret } from './operations/RestoreSecret.ts';
import { TagResource } from './operations/TagResource.ts';
import { UntagResource } from './operations/UntagResource.ts';
import { UpdateSecret } from './operations/UpdateSecret.ts';
import { UpdateSecretVersionStage } from './operations/UpdateSecretVersionStage.ts';
import { initialSecretsManagerState, type SecretsManagerState } from './state.ts';

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
