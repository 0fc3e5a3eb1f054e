/**
 * buildAwsLocal's log: silent by default without building a pino logger at
 * each start (fastify's no-op logger), a pino at the level asked for otherwise.
 */
import t from 'tap';
import { buildAwsLocal } from '../../../services/aws-local/app.ts';

t.test('the default log is silent and no pino is built for it', async (t) => {
  for (const options of [{}, { logLevel: 'silent' }]) {
    const app = await buildAwsLocal(options);
    t.teardown(() => app.close());
    t.equal((app.log as { levels?: unknown }).levels, undefined, `${JSON.stringify(options)}: not a pino logger`);
    t.doesNotThrow(() => app.log.error({ err: new Error('x') }, 'nothing is written'));
    t.equal(app.log.child({}), app.log, "fastify's no-op logger");
  }
});

t.test('another level is a pino logger at that level', async (t) => {
  const app = await buildAwsLocal({ logLevel: 'fatal' });
  t.teardown(() => app.close());
  t.equal(app.log.level, 'fatal');
  t.ok((app.log as { levels?: unknown }).levels, 'pino');
});
