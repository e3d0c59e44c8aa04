import { z } from 'zod';
import { AwsError, defineService, stableId } from './types.js';

/** The role ARN's account and name: `arn:aws:iam::222222222222:role/OrganizationAccountAccessRole`. */
const ROLE_ARN = /^arn:aws[\w-]*:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]+)$/;

/**
 * STS: AssumeRole issues keys that encode the target account (every later request signed with
 * them is answered for that account); GetCallerIdentity answers for the signing key.
 */
export const sts = defineService({
  name: 'sts',
  model: 'sts-2011-06-15',
  scope: 'global',
  scenario: z.object({}),
  handlers: {
    AssumeRole: ({ input, caller, scenario, now, issueCredentials }) => {
      const roleArn = String(input.RoleArn ?? '');
      const sessionName = String(input.RoleSessionName ?? '');
      const match = ROLE_ARN.exec(roleArn);
      if (!match) throw new AwsError('ValidationError', `${roleArn} is not a valid role ARN`);
      const [, accountId = '', roleName = ''] = match;
      const target = scenario.accountsById.get(accountId);
      const { deny, roleNames, externalId } = target?.assumeRole ?? {};
      const allowed =
        target !== undefined &&
        target.status === 'ACTIVE' &&
        !deny &&
        (!roleNames || roleNames.includes(roleName)) &&
        (!externalId || input.ExternalId === externalId);
      if (!allowed) {
        const principal = caller.roleName
          ? `arn:aws:sts::${caller.accountId}:assumed-role/${caller.roleName}/${caller.sessionName}`
          : `arn:aws:iam::${caller.accountId}:user/sandbox`;
        throw new AwsError(
          'AccessDenied',
          `User: ${principal} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
          { status: 403 },
        );
      }
      const duration = Number(input.DurationSeconds ?? 3600);
      const accessKeyId = issueCredentials({ accountId, roleName, sessionName });
      const roleId = `AROA${stableId(`${accountId}/${roleName}`, 17).toUpperCase()}`;
      return {
        Credentials: {
          AccessKeyId: accessKeyId,
          SecretAccessKey: stableId(`secret/${accessKeyId}`, 40),
          SessionToken: `sandbox-session-${accessKeyId}`,
          Expiration: new Date(now.getTime() + duration * 1000),
        },
        AssumedRoleUser: {
          AssumedRoleId: `${roleId}:${sessionName}`,
          Arn: `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`,
        },
        PackedPolicySize: input.Policy ? 6 : undefined,
      };
    },
    GetCallerIdentity: ({ caller }) =>
      caller.roleName
        ? {
            UserId: `AROA${stableId(`${caller.accountId}/${caller.roleName}`, 17).toUpperCase()}:${caller.sessionName}`,
            Account: caller.accountId,
            Arn: `arn:aws:sts::${caller.accountId}:assumed-role/${caller.roleName}/${caller.sessionName}`,
          }
        : {
            UserId: `AIDA${stableId(`${caller.accountId}/sandbox`, 17).toUpperCase()}`,
            Account: caller.accountId,
            Arn: `arn:aws:iam::${caller.accountId}:user/sandbox`,
          },
  },
});
