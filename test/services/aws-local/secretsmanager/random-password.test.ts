import { GetRandomPasswordCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import t from 'tap';
import { startTestAwsLocal } from '../../../helpers/aws-local.ts';

const PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';

t.test('GetRandomPassword', async (t) => {
  const local = await startTestAwsLocal(t);
  const client = new SecretsManagerClient(local.clientConfig);
  const get = async (input: ConstructorParameters<typeof GetRandomPasswordCommand>[0] = {}) =>
    (await client.send(new GetRandomPasswordCommand(input))).RandomPassword!;

  t.test('defaults: 32 characters with every class', async (t) => {
    const passwords = await Promise.all(Array.from({ length: 20 }, () => get()));
    for (const p of passwords) {
      t.equal(p.length, 32);
      t.match(p, /[a-z]/);
      t.match(p, /[A-Z]/);
      t.match(p, /[0-9]/);
      t.ok(
        [...p].some((c) => PUNCTUATION.includes(c)),
        'has punctuation',
      );
      t.notMatch(p, / /, 'no space unless asked');
    }
    t.equal(new Set(passwords).size, passwords.length, 'all different');
  });

  t.test('ExcludeCharacters "#$%" (what ACM rejects) never yields them', async (t) => {
    const passwords = await Promise.all(
      Array.from({ length: 60 }, () => get({ ExcludeCharacters: '#$%', PasswordLength: 64 })),
    );
    const joined = passwords.join('');
    t.equal(joined.length, 60 * 64);
    t.notMatch(joined, /[#$%]/);
    t.ok(
      [...joined].some((c) => PUNCTUATION.includes(c)),
      'other punctuation still appears',
    );
  });

  t.test('class exclusions and IncludeSpace', async (t) => {
    const digitsOnly = await get({
      ExcludeLowercase: true,
      ExcludeUppercase: true,
      ExcludePunctuation: true,
      PasswordLength: 200,
    });
    t.match(digitsOnly, /^[0-9]{200}$/);
    const noPunct = await get({ ExcludePunctuation: true, ExcludeNumbers: true, PasswordLength: 100 });
    t.match(noPunct, /^[A-Za-z]{100}$/);
    const upper = await get({
      ExcludeLowercase: true,
      ExcludeNumbers: true,
      ExcludePunctuation: true,
      PasswordLength: 50,
    });
    t.match(upper, /^[A-Z]{50}$/);
    const spaced = await get({
      IncludeSpace: true,
      ExcludeLowercase: true,
      ExcludeUppercase: true,
      ExcludePunctuation: true,
      PasswordLength: 2,
    });
    t.match(spaced, /^(?:[0-9] | [0-9])$/, 'RequireEachIncludedType puts one digit and one space in two characters');
  });

  t.test('RequireEachIncludedType: every class at the shortest length; off allows missing classes', async (t) => {
    for (let i = 0; i < 30; i++) {
      const p = await get({ PasswordLength: 4 });
      t.equal(p.length, 4);
      t.ok(
        /[a-z]/.test(p) && /[A-Z]/.test(p) && /[0-9]/.test(p) && [...p].some((c) => PUNCTUATION.includes(c)),
        'four classes in four characters',
      );
    }
    const loose = await Promise.all(
      Array.from({ length: 40 }, () => get({ PasswordLength: 4, RequireEachIncludedType: false })),
    );
    t.ok(
      loose.some((p) => !(/[a-z]/.test(p) && /[A-Z]/.test(p) && /[0-9]/.test(p))),
      'without the requirement some lack a class',
    );
  });

  t.test('limits and impossible requests', async (t) => {
    t.equal((await get({ PasswordLength: 4096 })).length, 4096);
    t.equal((await get({ PasswordLength: 1, RequireEachIncludedType: false })).length, 1);
    await t.rejects(get({ PasswordLength: 4097 }), {
      name: 'ValidationException',
      message:
        "1 validation error detected: Value '4097' at 'passwordLength' failed to satisfy constraint: Member must have value less than or equal to 4096",
    });
    await t.rejects(get({ PasswordLength: 0 }), { name: 'ValidationException' });
    await t.rejects(get({ PasswordLength: 3 }), {
      name: 'InvalidParameterException',
      message: 'Password length is too short based on the required types.',
    });
    await t.rejects(
      get({ ExcludeLowercase: true, ExcludeUppercase: true, ExcludeNumbers: true, ExcludePunctuation: true }),
      { name: 'InvalidParameterException' },
    );
    await t.rejects(
      get({
        ExcludeCharacters: '0123456789',
        ExcludeLowercase: true,
        ExcludeUppercase: true,
        ExcludePunctuation: true,
      }),
      {
        name: 'InvalidParameterException',
      },
      'excluding every character of the remaining class is the same as excluding the class',
    );
  });
});
