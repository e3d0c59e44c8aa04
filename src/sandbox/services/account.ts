import { z } from 'zod';
import { regionStatuses } from './ec2.js';
import { AwsError, defineService } from './types.js';

const STATUS = {
  'opt-in-not-required': 'ENABLED_BY_DEFAULT',
  'opted-in': 'ENABLED',
  'not-opted-in': 'DISABLED',
} as const;

/** AWS Account Management: region opt-in status (ListRegions, GetRegionOptStatus). */
export const account = defineService({
  name: 'account',
  model: 'account-2021-02-01',
  scope: 'global',
  scenario: z.object({}),
  handlers: {
    ListRegions: (ctx) => {
      const target = ctx.input.AccountId
        ? ctx.scenario.accountsById.get(String(ctx.input.AccountId))
        : ctx.account;
      if (!target)
        throw new AwsError('AccessDeniedException', 'You do not have access to the requested account.', {
          status: 403,
        });
      const wanted = Array.isArray(ctx.input.RegionOptStatusContains)
        ? (ctx.input.RegionOptStatusContains as string[])
        : [];
      const regions = regionStatuses(ctx.scenario, target)
        .map((r) => ({ RegionName: r.name, RegionOptStatus: STATUS[r.optIn] }))
        .filter((r) => wanted.length === 0 || wanted.includes(r.RegionOptStatus));
      return { Regions: regions };
    },
    GetRegionOptStatus: (ctx) => {
      const name = String(ctx.input.RegionName);
      const region = regionStatuses(ctx.scenario, ctx.account).find((r) => r.name === name);
      if (!region) throw new AwsError('ValidationException', `${name} is not a valid region`);
      return { RegionName: name, RegionOptStatus: STATUS[region.optIn] };
    },
  },
});
