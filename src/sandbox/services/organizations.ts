import { z } from 'zod';
import type { Scenario, ScenarioAccount } from '../scenario.js';
import { AwsError, defineService, resolveDate, stableId } from './types.js';

function rootId(scenario: Scenario): string {
  return `r-${stableId(scenario.organization.id, 4)}`;
}

function ouId(scenario: Scenario, name: string): string {
  return `ou-${stableId(scenario.organization.id, 4)}-${stableId(name, 8)}`;
}

function orgArn(scenario: Scenario, resource: string): string {
  return `arn:aws:organizations::${scenario.organization.managementAccount}:${resource}`;
}

function accountOut(scenario: Scenario, account: ScenarioAccount, now: Date) {
  const management = account.id === scenario.organization.managementAccount;
  return {
    Id: account.id,
    Arn: orgArn(scenario, `account/${scenario.organization.id}/${account.id}`),
    Email: account.email,
    Name: account.name,
    Status: account.status,
    JoinedMethod: management ? 'CREATED' : 'INVITED',
    JoinedTimestamp: resolveDate('-800d', now),
  };
}

function requireManagement(accountId: string, scenario: Scenario): void {
  if (accountId !== scenario.organization.managementAccount) {
    throw new AwsError(
      'AccessDeniedException',
      'You don’t have permissions to access this resource. This operation can be called only from the organization’s management account or by a member account that is a delegated administrator.',
    );
  }
}

/** Organizations (management account only): the scenario's accounts, its root and OUs. */
export const organizations = defineService({
  name: 'organizations',
  model: 'organizations-2016-11-28',
  scope: 'global',
  scenario: z.object({}),
  defaultPageSize: { ListAccounts: 20, ListAccountsForParent: 20 },
  handlers: {
    DescribeOrganization: ({ scenario }) => {
      const management = scenario.accountsById.get(scenario.organization.managementAccount);
      return {
        Organization: {
          Id: scenario.organization.id,
          Arn: orgArn(scenario, `organization/${scenario.organization.id}`),
          FeatureSet: 'ALL',
          MasterAccountArn: orgArn(scenario, `account/${scenario.organization.id}/${management?.id}`),
          MasterAccountId: management?.id,
          MasterAccountEmail: management?.email,
          AvailablePolicyTypes: [],
        },
      };
    },
    ListAccounts: ({ scenario, accountId, now }) => {
      requireManagement(accountId, scenario);
      return { Accounts: scenario.accounts.map((account) => accountOut(scenario, account, now)) };
    },
    DescribeAccount: ({ scenario, accountId, now, input }) => {
      requireManagement(accountId, scenario);
      const account = scenario.accountsById.get(String(input.AccountId));
      if (!account)
        throw new AwsError('AccountNotFoundException', 'You specified an account that doesn’t exist.');
      return { Account: accountOut(scenario, account, now) };
    },
    ListRoots: ({ scenario, accountId }) => {
      requireManagement(accountId, scenario);
      const id = rootId(scenario);
      return {
        Roots: [
          {
            Id: id,
            Arn: orgArn(scenario, `root/${scenario.organization.id}/${id}`),
            Name: 'Root',
            PolicyTypes: [],
          },
        ],
      };
    },
    ListOrganizationalUnitsForParent: ({ scenario, accountId, input }) => {
      requireManagement(accountId, scenario);
      if (input.ParentId !== rootId(scenario)) return { OrganizationalUnits: [] };
      const names = [...new Set(scenario.accounts.flatMap((a) => (a.ou ? [a.ou] : [])))].sort();
      return {
        OrganizationalUnits: names.map((name) => ({
          Id: ouId(scenario, name),
          Arn: orgArn(scenario, `ou/${scenario.organization.id}/${ouId(scenario, name)}`),
          Name: name,
        })),
      };
    },
    ListAccountsForParent: ({ scenario, accountId, input, now }) => {
      requireManagement(accountId, scenario);
      const parent = String(input.ParentId);
      const accounts = scenario.accounts.filter((a) =>
        a.ou ? ouId(scenario, a.ou) === parent : parent === rootId(scenario),
      );
      return { Accounts: accounts.map((account) => accountOut(scenario, account, now)) };
    },
    ListParents: ({ scenario, accountId, input }) => {
      requireManagement(accountId, scenario);
      const child = scenario.accountsById.get(String(input.ChildId));
      if (!child)
        throw new AwsError(
          'ChildNotFoundException',
          'We can’t find an organizational unit (OU) or AWS account with the ChildId that you specified.',
        );
      return {
        Parents: [
          child.ou
            ? { Id: ouId(scenario, child.ou), Type: 'ORGANIZATIONAL_UNIT' }
            : { Id: rootId(scenario), Type: 'ROOT' },
        ],
      };
    },
  },
});
