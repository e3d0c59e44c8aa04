import { z } from 'zod';
import { reservation, reservationFacts } from './reservation.js';
import { AwsError, arn, dateSpec, defineService, stableId } from './types.js';

/** A domain's service software state (DescribeDomains ServiceSoftwareOptions). */
const software = z.object({
  current: z.string().default('OpenSearch_2_11_R20240502'),
  new: z.string().optional(),
  updateAvailable: z.boolean().default(false),
  /** Set when AWS will apply a required update by itself. */
  automatedUpdate: dateSpec.optional(),
  optionalDeployment: z.boolean().default(true),
  status: z.string().default('COMPLETED'),
  description: z.string().optional(),
});

const domain = z.object({
  name: z.string(),
  /** `OpenSearch_2.11`, `Elasticsearch_7.10`... */
  engineVersion: z.string().default('OpenSearch_2.19'),
  instanceType: z.string().default('r7g.large.search'),
  software: software.default({
    current: 'OpenSearch_2_19_R20250630',
    updateAvailable: false,
    optionalDeployment: true,
    status: 'COMPLETED',
  }),
});

/** Amazon OpenSearch Service: reserved instances and domains (signs as `es`; IAM actions are `es:*`). */
export const opensearch = defineService({
  name: 'opensearch',
  model: 'opensearch-2021-01-01',
  scope: 'regional',
  scenario: z.object({
    reservedInstances: z.array(reservation).default([]),
    domains: z.array(domain).default([]),
  }),
  handlers: {
    ListDomainNames: ({ data, input }) => ({
      DomainNames: data.domains
        .map((d) => ({
          DomainName: d.name,
          EngineType: d.engineVersion.startsWith('Elasticsearch_') ? 'Elasticsearch' : 'OpenSearch',
        }))
        .filter((d) => !input.EngineType || input.EngineType === d.EngineType),
    }),
    DescribeDomains: ({ data, accountId, region, date, input }) => {
      const names = (input.DomainNames as string[] | undefined) ?? [];
      // The real API takes at most 5 names per call.
      if (names.length > 5)
        throw new AwsError('ValidationException', 'Please provide a maximum of 5 domain names to describe.');
      return {
        DomainStatusList: data.domains
          .filter((d) => names.includes(d.name))
          .map((d) => ({
            DomainId: `${accountId}/${d.name}`,
            DomainName: d.name,
            ARN: arn('es', region, accountId, `domain/${d.name}`),
            Created: true,
            Deleted: false,
            Processing: false,
            UpgradeProcessing: false,
            EngineVersion: d.engineVersion,
            ClusterConfig: { InstanceType: d.instanceType, InstanceCount: 2 },
            ServiceSoftwareOptions: {
              CurrentVersion: d.software.current,
              NewVersion: d.software.new ?? '',
              UpdateAvailable: d.software.updateAvailable,
              Cancellable: false,
              UpdateStatus: d.software.status,
              Description:
                d.software.description ??
                (d.software.updateAvailable
                  ? 'An update is available.'
                  : 'There is no software update available for this domain.'),
              AutomatedUpdateDate: d.software.automatedUpdate
                ? date(d.software.automatedUpdate)
                : new Date(0),
              OptionalDeployment: d.software.optionalDeployment,
            },
          })),
      };
    },
    DescribeReservedInstances: ({ data, accountId, region, date, now, input }) => ({
      ReservedInstances: data.reservedInstances
        .map((r, index) => {
          const seed = `${accountId}/${region}/opensearch/${index}`;
          const f = reservationFacts(r, seed, date, now);
          const hex = stableId(`${seed}/uuid`, 32);
          const id =
            r.id ??
            `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
          return { r, f: { ...f, id } };
        })
        .filter(({ f }) => !input.ReservedInstanceId || input.ReservedInstanceId === f.id)
        .map(({ r, f }) => ({
          ReservationName: r.name ?? `reservation-${f.id.slice(0, 8)}`,
          ReservedInstanceId: f.id,
          BillingSubscriptionId: Number.parseInt(f.offeringId.slice(0, 8), 16),
          ReservedInstanceOfferingId: f.offeringId,
          InstanceType: r.type,
          StartTime: f.start,
          Duration: f.duration,
          FixedPrice: 0,
          UsagePrice: 0,
          CurrencyCode: 'USD',
          InstanceCount: r.count,
          State: f.state,
          PaymentOption:
            r.offeringType === 'All Upfront'
              ? 'ALL_UPFRONT'
              : r.offeringType === 'Partial Upfront'
                ? 'PARTIAL_UPFRONT'
                : 'NO_UPFRONT',
          RecurringCharges: [{ RecurringChargeAmount: 0.2, RecurringChargeFrequency: 'Hourly' }],
        })),
    }),
  },
});
