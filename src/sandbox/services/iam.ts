import { z } from 'zod';
import { AwsError, dateSpec, defineService, stableId } from './types.js';

const serverCertificate = z.object({
  name: z.string(),
  path: z.string().default('/'),
  /** Expiration: `45d`, `-3d`, or ISO. */
  expiration: dateSpec,
  uploadedAt: dateSpec.default('-300d'),
});

const accessKey = z.object({
  /** Default: a stable `AKIA…` id from the account, user and position. */
  id: z.string().optional(),
  status: z.enum(['Active', 'Inactive']).default('Active'),
  createdAt: dateSpec.default('-200d'),
});

const user = z.object({
  name: z.string(),
  /** Default: a stable `AIDA…` id from the account and name. */
  id: z.string().optional(),
  path: z.string().default('/'),
  createdAt: dateSpec.default('-400d'),
  /** Names of the AWS managed policies attached to the user (`AWSCompromisedKeyQuarantineV3`...). */
  attachedPolicies: z.array(z.string()).default([]),
  accessKeys: z.array(accessKey).default([]),
});

type User = z.output<typeof user>;

const userId = (accountId: string, u: User) =>
  u.id ?? `AIDA${stableId(`${accountId}/user/${u.name}`, 17).toUpperCase()}`;
const accessKeyId = (accountId: string, u: User, index: number) =>
  `AKIA${stableId(`${accountId}/user/${u.name}/key/${index}`, 16).toUpperCase()}`;
const AWS_MANAGED_POLICY = /^arn:aws:iam::aws:policy\/(?:.*\/)?([\w+=,.@-]+)$/;

function findUser(users: readonly User[], name: unknown): User {
  const found = users.find((u) => u.name === name);
  if (!found) {
    throw new AwsError('NoSuchEntity', `The user with name ${String(name)} cannot be found.`, {
      status: 404,
    });
  }
  return found;
}

/**
 * IAM (global): server certificates (used where ACM is not, e.g. some CloudFront / ELB setups),
 * users with their access keys and the AWS managed policies attached to them.
 */
export const iam = defineService({
  name: 'iam',
  model: 'iam-2010-05-08',
  scope: 'global',
  scenario: z.object({
    serverCertificates: z.array(serverCertificate).default([]),
    users: z.array(user).default([]),
  }),
  // The model lists three result keys (groups, users, roles); callers filtering on users page through users.
  paginators: {
    ListEntitiesForPolicy: {
      inputToken: 'Marker',
      outputToken: 'Marker',
      limitKey: 'MaxItems',
      resultKey: 'PolicyUsers',
      moreResults: 'IsTruncated',
    },
  },
  handlers: {
    ListServerCertificates: ({ data, accountId, date, input }) => {
      const prefix = typeof input.PathPrefix === 'string' ? input.PathPrefix : '/';
      return {
        ServerCertificateMetadataList: data.serverCertificates
          .filter((c) => c.path.startsWith(prefix))
          .map((c) => ({
            Path: c.path,
            ServerCertificateName: c.name,
            ServerCertificateId: `ASCA${stableId(`${accountId}/${c.name}`, 17).toUpperCase()}`,
            Arn: `arn:aws:iam::${accountId}:server-certificate${c.path}${c.name}`,
            UploadDate: date(c.uploadedAt),
            Expiration: date(c.expiration),
          })),
        IsTruncated: false,
      };
    },
    ListEntitiesForPolicy: ({ data, accountId, input }) => {
      const match = AWS_MANAGED_POLICY.exec(String(input.PolicyArn ?? ''));
      if (!match) {
        throw new AwsError(
          'NoSuchEntity',
          `Policy ${String(input.PolicyArn)} does not exist or is not attachable.`,
          {
            status: 404,
          },
        );
      }
      const filter = input.EntityFilter as string | undefined;
      const prefix = typeof input.PathPrefix === 'string' ? input.PathPrefix : '/';
      const users =
        filter === undefined || filter === 'User'
          ? data.users.filter(
              (u) => u.attachedPolicies.includes(match[1] as string) && u.path.startsWith(prefix),
            )
          : [];
      return {
        PolicyGroups: [],
        PolicyUsers: users.map((u) => ({ UserName: u.name, UserId: userId(accountId, u) })),
        PolicyRoles: [],
        IsTruncated: false,
      };
    },
    ListAccessKeys: ({ data, accountId, date, input }) => {
      const u = findUser(data.users, input.UserName);
      return {
        AccessKeyMetadata: u.accessKeys.map((k, index) => ({
          UserName: u.name,
          AccessKeyId: k.id ?? accessKeyId(accountId, u, index),
          Status: k.status,
          CreateDate: date(k.createdAt),
        })),
        IsTruncated: false,
      };
    },
    GetUser: ({ data, accountId, date, input }) => {
      const u = findUser(data.users, input.UserName);
      return {
        User: {
          Path: u.path,
          UserName: u.name,
          UserId: userId(accountId, u),
          Arn: `arn:aws:iam::${accountId}:user${u.path}${u.name}`,
          CreateDate: date(u.createdAt),
        },
      };
    },
  },
});
