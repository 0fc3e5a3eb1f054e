import { Writable } from 'node:stream';
import t from 'tap';
import { createLogger, parseLogLevel } from '../../lib/logger.ts';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, destination };
}

t.test('secret-bearing fields are redacted at every depth and level', async (t) => {
  const { lines, destination } = capture();
  const log = createLogger({ name: 'test', level: 'trace', destination });
  const secret = 'hunter2-passphrase-value';
  log.trace({ passphrase: secret }, 'top');
  log.debug({ request: { Passphrase: secret, PrivateKey: secret } }, 'nested');
  log.info({ a: { b: { privateKey: secret, SecretString: secret } } }, 'deep');
  log.child({ identity: 'colorteller' }).warn({ secret: { RandomPassword: secret } }, 'child');
  t.equal(lines.length, 4);
  for (const line of lines) t.notMatch(line, secret);
  t.match(lines[1], /"Passphrase":"\[REDACTED\]"/);
  t.match(lines[3], /"identity":"colorteller"/);
});

t.test('LOG_LEVEL accepts trace … fatal and silent, and names itself when wrong', async (t) => {
  t.equal(parseLogLevel(undefined), 'info');
  t.equal(parseLogLevel('DEBUG'), 'debug');
  t.equal(parseLogLevel('silent'), 'silent');
  t.throws(() => parseLogLevel('verbose'), {
    code: 'BAD_LOG_LEVEL',
    message: /LOG_LEVEL must be one of trace, debug, info, warn, error, fatal, silent; got 'verbose'/,
  });
});
