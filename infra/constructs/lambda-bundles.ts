import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Code } from 'aws-cdk-lib/aws-lambda';
import { REPO_ROOT } from '../repo-root.ts';

/** Where `npm run build` writes the Lambda bundles (one `index.mjs` per function). */
export const DEFAULT_LAMBDA_BUNDLE_DIR = join(REPO_ROOT, 'dist', 'lambdas');

export type BundleName = 'export-certificate' | 'renew-certificate';

export class LambdaBundleMissingError extends Error {
  readonly code = 'LAMBDA_BUNDLE_MISSING';
  constructor(readonly path: string) {
    super(
      `${path} does not exist: run \`npm run build\` first (the CDK app deploys the bundles it writes as they are)`,
    );
    this.name = 'LambdaBundleMissingError';
  }
}

/** The bundle directory as a Lambda asset, exactly as built: the CDK app never bundles again. */
export function lambdaBundle(bundleDir: string, name: BundleName): Code {
  const entry = join(bundleDir, name, 'index.mjs');
  if (!existsSync(entry)) throw new LambdaBundleMissingError(entry);
  return Code.fromAsset(join(bundleDir, name));
}
