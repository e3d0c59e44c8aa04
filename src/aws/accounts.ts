import { ListAccountsCommand, type OrganizationsClient } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';

export interface OrgAccount {
  id: string;
  name: string;
}

/** The account the caller's credentials belong to. */
export async function callerAccount(sts: STSClient): Promise<{ accountId: string; arn: string }> {
  const out = await sts.send(new GetCallerIdentityCommand({}));
  if (!out.Account) throw new Error('GetCallerIdentity returned no account');
  return { accountId: out.Account, arn: out.Arn ?? '' };
}

/**
 * Active member accounts of the organization (call with management or delegated-admin credentials).
 * `State` replaced the deprecated `Status`; either may be absent, so both are read.
 */
export async function listActiveAccounts(org: OrganizationsClient): Promise<OrgAccount[]> {
  const accounts: OrgAccount[] = [];
  let NextToken: string | undefined;
  do {
    const page = await org.send(new ListAccountsCommand({ ...(NextToken ? { NextToken } : {}) }));
    for (const a of page.Accounts ?? []) {
      const state = a.State ?? a.Status;
      if (!a.Id || state !== 'ACTIVE') continue;
      accounts.push({ id: a.Id, name: a.Name ?? '' });
    }
    NextToken = page.NextToken;
  } while (NextToken);
  return accounts;
}
