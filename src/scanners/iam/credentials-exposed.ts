import {
  GetUserCommand,
  IAMClient,
  paginateListAccessKeys,
  paginateListEntitiesForPolicy,
  type User,
} from '@aws-sdk/client-iam';
import { appendTo } from '../../core/collections.js';
import { isAwsError, isoOrNull } from '../support.js';
import type { ScanContext, Scanner } from '../types.js';

const KIND = 'credentials-exposed';

/** The AWS managed policies AWS attaches to a user whose access key it found exposed or compromised. */
const QUARANTINE_POLICIES = [
  'AWSCompromisedKeyQuarantine',
  'AWSCompromisedKeyQuarantineV2',
  'AWSCompromisedKeyQuarantineV3',
];

/** How IAM answers for a user or policy that does not exist. */
const NO_SUCH_ENTITY = ['NoSuchEntity', 'NoSuchEntityException'];

/**
 * IAM users that carry one of AWS's compromised-key quarantine policies: AWS found one of their
 * access keys exposed or misused. One finding per user, with its access keys; no date (act now).
 */
export const credentialsExposed: Scanner = {
  id: 'credentials-exposed',
  eventKinds: [KIND],
  scope: 'global',
  globalRegion: 'us-east-1',
  permissions: ['iam:GetUser', 'iam:ListAccessKeys', 'iam:ListEntitiesForPolicy'],
  summary: {
    ja: 'AWS の隔離ポリシー（AWSCompromisedKeyQuarantine）が付いた IAM ユーザーのアクセスキー',
    en: 'IAM users whose access keys AWS quarantined (AWSCompromisedKeyQuarantine policies attached)',
  },
  async *scan(ctx) {
    const quarantined = await quarantinedUsers(ctx);
    const iam = ctx.client(IAMClient);
    for (const [userName, policies] of [...quarantined].sort(([a], [b]) => a.localeCompare(b))) {
      let user: User | undefined;
      try {
        user = await getUser(ctx, userName);
      } catch (error) {
        // Deleted between the two calls: nothing left to rotate.
        if (isAwsError(error, ...NO_SUCH_ENTITY)) continue;
        throw error;
      }
      const keys = [];
      for await (const page of paginateListAccessKeys(
        { client: iam, pageSize: 100 },
        { UserName: userName },
      )) {
        for (const key of page.AccessKeyMetadata ?? []) {
          keys.push({
            accessKeyId: key.AccessKeyId ?? null,
            status: key.Status ?? null,
            createDate: isoOrNull(key.CreateDate),
          });
        }
      }
      const active = keys.filter((k) => k.status === 'Active').length;
      yield {
        kind: KIND,
        resource: user?.Arn ?? `arn:aws:iam::${ctx.accountId}:user/${userName}`,
        eventDate: null,
        title: `IAM user ${userName} is quarantined by AWS (${policies.join(', ')}); ${active} active access key(s)`,
        evidence: {
          userName,
          userId: user?.UserId ?? null,
          quarantinePolicies: policies,
          accessKeys: keys,
        },
      };
    }
  },
};

/** User name → the quarantine policies attached to it (in policy order). */
async function quarantinedUsers(ctx: ScanContext): Promise<Map<string, string[]>> {
  const users = new Map<string, string[]>();
  for (const policy of QUARANTINE_POLICIES) {
    const pages = paginateListEntitiesForPolicy(
      { client: ctx.client(IAMClient), pageSize: 100 },
      { PolicyArn: `arn:aws:iam::aws:policy/${policy}`, EntityFilter: 'User' },
    );
    try {
      for await (const page of pages) {
        for (const u of page.PolicyUsers ?? []) {
          if (u.UserName) appendTo(users, u.UserName, policy);
        }
      }
    } catch (error) {
      // A partition without this policy version answers NoSuchEntity: it quarantines no one there.
      if (!isAwsError(error, ...NO_SUCH_ENTITY)) throw error;
    }
  }
  return users;
}

async function getUser(ctx: ScanContext, userName: string): Promise<User | undefined> {
  return (await ctx.client(IAMClient).send(new GetUserCommand({ UserName: userName }))).User;
}
