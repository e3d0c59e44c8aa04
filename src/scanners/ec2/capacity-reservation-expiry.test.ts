import { type ScenarioInput, TEST_ACCOUNT, testScanner } from '../../../test/support/scanner-tester.js';
import { capacityReservationExpiry } from './capacity-reservation-expiry.js';

const KIND = 'capacity-reservation-expiry';
const R = 'us-east-1';

/** A one-account world with capacity reservations in us-east-1. */
function world(capacityReservations: unknown[]): ScenarioInput {
  return {
    accounts: [{ id: TEST_ACCOUNT, regions: { [R]: { ec2capacity: { capacityReservations } } } }],
  } as ScenarioInput;
}

testScanner(capacityReservationExpiry, {
  now: '2026-03-01T00:00:00.000Z',
  horizonDays: { [KIND]: 30 },
  quiet: [
    { name: 'no capacity reservations', scenario: world([]) },
    {
      name: 'a reservation without an end date, one ending after the horizon, and ones already ended',
      scenario: world([
        { id: 'cr-0unlimited000000', instanceType: 'm6i.large' },
        { id: 'cr-0late0000000000', instanceType: 'c7i.xlarge', end: '2026-05-01T00:00:00Z' },
        { id: 'cr-0expired0000000', instanceType: 'r6i.large', end: '2026-02-20T00:00:00Z' },
        { id: 'cr-0cancelled00000', end: '2026-03-10T00:00:00Z', state: 'cancelled' },
      ]),
    },
  ],
  found: [
    {
      name: 'an On-Demand Capacity Reservation and a Capacity Block for ML that end within the horizon',
      scenario: world([
        {
          id: 'cr-0odcr1111111111',
          instanceType: 'm6i.2xlarge',
          zone: 'c',
          count: 4,
          used: 3,
          start: '2026-01-01T00:00:00Z',
          end: '2026-03-20T12:00:00Z',
        },
        {
          id: 'cr-0block222222222',
          type: 'capacity-block',
          instanceType: 'p5.48xlarge',
          zone: 'a',
          count: 2,
          start: '2026-02-27T11:30:00Z',
          end: '2026-03-06T11:30:00Z',
        },
        // Scheduled (starts later) but ends within the horizon: still work to plan.
        {
          id: 'cr-0sched333333333',
          type: 'capacity-block',
          instanceType: 'trn1.32xlarge',
          start: '2026-03-10T11:30:00Z',
          end: '2026-03-12T11:30:00Z',
        },
      ]),
      expected: [
        {
          kind: KIND,
          accountId: TEST_ACCOUNT,
          region: R,
          resource: `arn:aws:ec2:${R}:${TEST_ACCOUNT}:capacity-reservation/cr-0block222222222`,
          eventDate: '2026-03-06T11:30:00.000Z',
          title: 'EC2 Capacity Block cr-0block222222222 (p5.48xlarge x2) ends 2026-03-06',
          evidence: {
            id: 'cr-0block222222222',
            reservationType: 'capacity-block',
            capacityBlockId: null,
            instanceType: 'p5.48xlarge',
            instancePlatform: 'Linux/UNIX',
            availabilityZone: 'us-east-1a',
            availabilityZoneId: 'use1-az1',
            totalInstanceCount: 2,
            availableInstanceCount: 2,
            state: 'active',
            endDateType: 'limited',
            start: '2026-02-27T11:30:00.000Z',
            end: '2026-03-06T11:30:00.000Z',
          },
        },
        {
          kind: KIND,
          accountId: TEST_ACCOUNT,
          region: R,
          resource: `arn:aws:ec2:${R}:${TEST_ACCOUNT}:capacity-reservation/cr-0odcr1111111111`,
          eventDate: '2026-03-20T12:00:00.000Z',
          title: 'EC2 Capacity Reservation cr-0odcr1111111111 (m6i.2xlarge x4) ends 2026-03-20',
          evidence: {
            id: 'cr-0odcr1111111111',
            reservationType: 'default',
            capacityBlockId: null,
            instanceType: 'm6i.2xlarge',
            instancePlatform: 'Linux/UNIX',
            availabilityZone: 'us-east-1c',
            availabilityZoneId: 'use1-az2',
            totalInstanceCount: 4,
            availableInstanceCount: 1,
            state: 'active',
            endDateType: 'limited',
            start: '2026-01-01T00:00:00.000Z',
            end: '2026-03-20T12:00:00.000Z',
          },
        },
        {
          kind: KIND,
          accountId: TEST_ACCOUNT,
          region: R,
          resource: `arn:aws:ec2:${R}:${TEST_ACCOUNT}:capacity-reservation/cr-0sched333333333`,
          eventDate: '2026-03-12T11:30:00.000Z',
          title: 'EC2 Capacity Block cr-0sched333333333 (trn1.32xlarge x1) ends 2026-03-12',
          evidence: {
            id: 'cr-0sched333333333',
            reservationType: 'capacity-block',
            capacityBlockId: null,
            instanceType: 'trn1.32xlarge',
            instancePlatform: 'Linux/UNIX',
            availabilityZone: 'us-east-1a',
            availabilityZoneId: 'use1-az1',
            totalInstanceCount: 1,
            availableInstanceCount: 1,
            state: 'scheduled',
            endDateType: 'limited',
            start: '2026-03-10T11:30:00.000Z',
            end: '2026-03-12T11:30:00.000Z',
          },
        },
      ],
    },
  ],
});
