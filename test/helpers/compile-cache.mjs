// Preloaded into every test process (.taprc node-arg): Node's on-disk compile cache, so the modules a test
// imports (the AWS SDK, aws-cdk-lib, fastify, the sources with their types stripped) are compiled by V8 once,
// not once per test file. The same directory the spawned bundles use (test/helpers/cli-process.ts), outside
// the repository and node_modules; NODE_COMPILE_CACHE overrides it.
import { enableCompileCache } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

enableCompileCache(process.env.NODE_COMPILE_CACHE ?? join(tmpdir(), 'pca-mtls-test-compile-cache'));
