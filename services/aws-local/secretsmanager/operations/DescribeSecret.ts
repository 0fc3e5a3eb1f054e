import { defineOperation } from '../../protocol/service.js';
import { t } from '../../protocol/shape.js';
import { requireSecret } from '../secret-lookup.js';
import { describeSecretView } from '../secret-view.js';
import { secretIdShape } from '../shapes.js';
import type { SecretsManagerState } from '../state.js';

/** Works on a secret in its recovery window too (that is how DeletedDate is seen). */
export const DescribeSecret = defineOperation<SecretsManagerState, { SecretId: string }>({
  input: t.structure({ SecretId: secretIdShape }),
  handle(input, ctx) {
    return describeSecretView(requireSecret(ctx, input.SecretId));
  },
});
