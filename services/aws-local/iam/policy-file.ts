import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { IamOptions, IamPrincipalOptions } from './config.ts';
import { IamConfigError } from './errors.ts';

/** One `--iam ACCESS_KEY_ID=POLICY_FILE` flag. */
export interface IamFlag {
  accessKeyId: string;
  policyFile: string;
}

/** Parses `ACCESS_KEY_ID=POLICY_FILE` (throws RangeError, which the CLI reports as a bad argument). */
export function parseIamFlag(flag: string): IamFlag {
  const eq = flag.indexOf('=');
  const accessKeyId = flag.slice(0, eq).trim();
  const policyFile = flag.slice(eq + 1).trim();
  if (eq < 1 || !/^[A-Za-z0-9]{1,128}$/.test(accessKeyId) || policyFile === '') {
    throw new RangeError(`--iam takes ACCESS_KEY_ID=POLICY_FILE (e.g. AKIDAGENT=policies/agent.json), got '${flag}'`);
  }
  return { accessKeyId, policyFile };
}

/**
 * Reads each flag's file: one JSON policy document or an array of them. The
 * role is named after the file (`agent.json` → role `agent`), the session
 * after the access key, so AccessDenied messages say which policy was used.
 * The documents themselves are validated by `resolveIamConfig`.
 */
export async function loadIamFlags(flags: readonly IamFlag[]): Promise<IamOptions> {
  const principals: Record<string, IamPrincipalOptions> = {};
  for (const { accessKeyId, policyFile } of flags) {
    if (Object.hasOwn(principals, accessKeyId)) {
      throw new IamConfigError(
        'IAM_INVALID_FLAG',
        `--iam names ${accessKeyId} twice; give it one file (an array holds several policies)`,
      );
    }
    let text: string;
    try {
      text = await readFile(policyFile, 'utf8');
    } catch (err) {
      throw new IamConfigError(
        'IAM_POLICY_FILE',
        `--iam ${accessKeyId}: cannot read ${policyFile} (${(err as Error).message})`,
        { cause: err },
      );
    }
    let policies: unknown;
    try {
      policies = JSON.parse(text);
    } catch (err) {
      throw new IamConfigError(
        'IAM_POLICY_FILE',
        `--iam ${accessKeyId}: ${policyFile} is not valid JSON (${(err as Error).message})`,
        { cause: err },
      );
    }
    const roleName = basename(policyFile, extname(policyFile))
      .replace(/[^\w+=,.@-]/g, '-')
      .slice(0, 64);
    principals[accessKeyId] = { policies, roleName: roleName || accessKeyId };
  }
  return { principals };
}
