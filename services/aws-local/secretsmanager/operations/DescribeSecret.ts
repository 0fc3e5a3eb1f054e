import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { requireSecret } from '../secret-lookup.ts';
import { describeSecretView } from '../secret-view.ts';
import { secretIdShape } from '../shapes.ts';
import type { SecretsManagerState } from '../state.ts';

/** Works on a secret in its recovery window too (that is how DeletedDate is seen). */
export const DescribeSecret = defineOperation<SecretsManagerState, { SecretId: string }>({
  input: t.structure({ SecretId: secretIdShape }),
  handle(input, ctx) {
    return describeSecretView(requireSecret(ctx, input.SecretId));
  },
});
