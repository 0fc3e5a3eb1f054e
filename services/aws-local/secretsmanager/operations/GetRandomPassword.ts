import { defineOperation } from '../../protocol/service.js';
import { t } from '../../protocol/shape.js';
import { randomPassword, type PasswordOptions } from '../random-password.js';
import type { SecretsManagerState } from '../state.js';

export const GetRandomPassword = defineOperation<SecretsManagerState, PasswordOptions>({
  input: t.structure({
    PasswordLength: t.integer({ min: 1, max: 4096 }),
    ExcludeCharacters: t.string({ min: 0, max: 4096 }),
    ExcludeNumbers: t.boolean(),
    ExcludePunctuation: t.boolean(),
    ExcludeUppercase: t.boolean(),
    ExcludeLowercase: t.boolean(),
    IncludeSpace: t.boolean(),
    RequireEachIncludedType: t.boolean(),
  }),
  handle(input) {
    return { RandomPassword: randomPassword(input) };
  },
});
