import { describe, expect, it } from 'vitest';
import { type RoutingInput, route, routingSchema } from './routing.js';

const input: RoutingInput = {
  accountId: '111122223333',
  region: 'ap-northeast-1',
  service: 'EC2',
  kind: 'ec2-scheduled-event',
  category: 'emergency',
  tags: { Team: 'web' },
};

const config = routingSchema.parse({
  organizationalUnits: { 'ou-ab12-payments': ['444455556666'] },
  rules: [
    { match: { kind: 'abuse-report' }, team: 'security' },
    { match: { ou: 'ou-ab12-payments' }, team: 'payments', owner: 'tanaka' },
    { match: { service: ['rds', 'elasticache'], region: 'ap-*' }, team: 'dba' },
    { match: { tag: { Team: 'web' }, category: 'emergency' }, team: 'web-oncall' },
    { match: { account: '111122223333' }, team: 'web' },
  ],
  default: { team: 'platform' },
});

describe('routing', () => {
  it.each([
    ['a catalog id', { kind: 'abuse-report' }, 'security', null, 0],
    ['an OU from the config', { accountId: '444455556666' }, 'payments', 'tanaka', 1],
    [
      'an OU the source reported',
      { accountId: '999988887777', ous: ['ou-ab12-payments'] },
      'payments',
      'tanaka',
      1,
    ],
    ['a service in a region pattern', { service: 'RDS' }, 'dba', null, 2],
    ['a resource tag and category', {}, 'web-oncall', null, 3],
    ['an account (first match wins over later rules)', { tags: {} }, 'web', null, 4],
    ['the default', { accountId: '000000000000', tags: {} }, 'platform', null, null],
  ] as const)('routes by %s', (_name, overrides, team, owner, rule) => {
    expect(route(config, { ...input, ...overrides })).toEqual({ team, owner, rule });
  });

  it('assigns nobody without rules and rejects a rule without an assignee', () => {
    expect(route(routingSchema.parse({}), input)).toEqual({ team: null, owner: null, rule: null });
    expect(routingSchema.safeParse({ rules: [{ match: { kind: 'x' } }] }).success).toBe(false);
    expect(routingSchema.safeParse({ rules: [{ match: { colour: 'x' }, team: 'a' }] }).success).toBe(false);
  });
});
