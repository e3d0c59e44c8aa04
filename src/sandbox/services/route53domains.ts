import { z } from 'zod';
import { AwsError, dateSpec, defineService } from './types.js';

const domain = z.object({
  name: z.string(),
  /** Expiry: `30d`, or ISO. */
  expiry: dateSpec,
  autoRenew: z.boolean().default(true),
  transferLock: z.boolean().default(true),
  createdAt: dateSpec.default('-700d'),
});

const contact = {
  ContactType: 'COMPANY',
  OrganizationName: 'Example K.K.',
  FirstName: 'Taro',
  LastName: 'Yamada',
  AddressLine1: '1-1-1 Chiyoda',
  City: 'Chiyoda-ku',
  State: 'Tokyo',
  CountryCode: 'JP',
  ZipCode: '100-0001',
  PhoneNumber: '+81.312345678',
  Email: 'domains@example.jp',
};

/** Route 53 Domains: registered domains (the API exists in us-east-1 only). */
export const route53domains = defineService({
  name: 'route53domains',
  model: 'route53domains-2014-05-15',
  scope: 'global',
  regions: ['us-east-1'],
  scenario: z.object({ domains: z.array(domain).default([]) }),
  defaultPageSize: { ListDomains: 20 },
  handlers: {
    ListDomains: ({ data, date }) => ({
      Domains: data.domains.map((d) => ({
        DomainName: d.name,
        AutoRenew: d.autoRenew,
        TransferLock: d.transferLock,
        Expiry: date(d.expiry),
      })),
    }),
    GetDomainDetail: ({ data, date, input }) => {
      const d = data.domains.find((x) => x.name === input.DomainName);
      if (!d)
        throw new AwsError('InvalidInput', `Domain ${String(input.DomainName)} not found in this account.`);
      return {
        DomainName: d.name,
        Nameservers: [{ Name: 'ns-1.awsdns-01.org' }, { Name: 'ns-2.awsdns-02.co.uk' }],
        AutoRenew: d.autoRenew,
        AdminContact: contact,
        RegistrantContact: contact,
        TechContact: contact,
        AdminPrivacy: true,
        RegistrantPrivacy: true,
        TechPrivacy: true,
        RegistrarName: 'Amazon Registrar, Inc.',
        WhoIsServer: 'whois.registrar.amazon.com',
        RegistrarUrl: 'https://registrar.amazon.com',
        AbuseContactEmail: 'abuse@amazonaws.com',
        AbuseContactPhone: '+1.2065266200',
        CreationDate: date(d.createdAt),
        UpdatedDate: date('-30d'),
        ExpirationDate: date(d.expiry),
        StatusList: d.transferLock ? ['clientTransferProhibited'] : ['ok'],
      };
    },
  },
});
