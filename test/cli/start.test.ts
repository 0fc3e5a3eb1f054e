import t from 'tap';
import { runCli } from '../helpers/cli-process.js';

t.test('npm start -- --once runs the walkthrough and exits 0 with a summary and no secret material', async (t) => {
  const run = await runCli(t, ['start', '--once']);
  t.equal(run.code, 0, run.stderr.slice(-2000));
  t.match(run.stderr, /\[1\/\d+\] start the embedded local AWS endpoint: done/);
  t.match(run.stdout, /colorgateway\s+client\s+colorgateway\.mesh\.local/);
  t.match(run.stdout, /colorteller\s+server\s+colorteller\.mesh\.local/);
  t.match(run.stdout, /Identity secrets in Secrets Manager/);
  t.match(run.stdout, /arn:aws:secretsmanager:us-east-1:000000000000:secret:pca-mtls\/colorteller-/);
  t.match(run.stdout, /Trust bundle pca-mtls\/trust/);
  t.notMatch(run.stdout + run.stderr, /PRIVATE KEY|"passphrase"|"schema":"pca-mtls\/v1"/);
});
