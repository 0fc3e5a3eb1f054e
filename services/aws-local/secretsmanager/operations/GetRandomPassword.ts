import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { randomPassword, type PasswordOptions } from '../random-password.ts';
import type { SecretsManagerState } from '../state.ts';

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
