import { z } from 'zod';
import { instanceId, type SandboxInstance } from './ec2.js';
import { applyFilters } from './filters.js';
import { dateSpec, defineService, stableId } from './types.js';

const EVENT_CODES = [
  'instance-reboot',
  'system-reboot',
  'system-maintenance',
  'instance-retirement',
  'instance-stop',
] as const;

/** The description AWS writes for each event code (a `[Completed]` / `[Canceled]` prefix once it is over). */
const DESCRIPTIONS: Record<(typeof EVENT_CODES)[number], string> = {
  'instance-retirement': 'The instance is running on degraded hardware',
  'instance-stop': 'The instance is running on degraded hardware',
  'instance-reboot': 'Scheduled reboot',
  'system-reboot': 'scheduled reboot',
  'system-maintenance': 'Scheduled maintenance',
};

const scheduledEvent = z.object({
  /** The instance (its `id` in `ec2.instances`). */
  instanceId: z.string(),
  code: z.enum(EVENT_CODES),
  /** Default: the code's usual text; `state` adds the `[Completed]` / `[Canceled]` prefix. */
  description: z.string().optional(),
  state: z.enum(['scheduled', 'completed', 'canceled']).default('scheduled'),
  notBefore: dateSpec,
  notAfter: dateSpec.optional(),
  /** Latest date a reboot can be rescheduled to (reboot events only). */
  notBeforeDeadline: dateSpec.optional(),
  id: z.string().optional(),
});

const INSTANCE_STATES: Record<string, number> = {
  pending: 0,
  running: 16,
  'shutting-down': 32,
  terminated: 48,
  stopping: 64,
  stopped: 80,
};

/**
 * EC2 scheduled events: DescribeInstanceStatus over the instances of `ec2.instances`, with the
 * events of `ec2events.events` (keyed by instance id). Without IncludeAllInstances only running
 * instances are listed, as in EC2.
 */
export const ec2events = defineService({
  name: 'ec2events',
  model: 'ec2-2016-11-15',
  scope: 'regional',
  scenario: z.object({ events: z.array(scheduledEvent).default([]) }),
  defaultPageSize: { DescribeInstanceStatus: 1000 },
  handlers: {
    DescribeInstanceStatus: ({ data, dataOf, accountId, region, input, date }) => {
      const ec2 = (dataOf('ec2') ?? { instances: [] }) as { instances: SandboxInstance[] };
      const all = ec2.instances.map((item, index) => ({
        item,
        id: item.id ?? instanceId(accountId, region, index),
      }));
      const ids = Array.isArray(input.InstanceIds) ? (input.InstanceIds as string[]) : [];
      const listed = all.filter(
        (i) =>
          i.item.state !== 'terminated' &&
          (ids.length === 0 || ids.includes(i.id)) &&
          (input.IncludeAllInstances === true || i.item.state === 'running'),
      );
      const events = (id: string) =>
        data.events
          .filter((e) => e.instanceId === id)
          .map((e, index) => {
            const text = e.description ?? DESCRIPTIONS[e.code];
            const prefix =
              e.state === 'completed' ? '[Completed] ' : e.state === 'canceled' ? '[Canceled] ' : '';
            return {
              InstanceEventId:
                e.id ?? `instance-event-${stableId(`${accountId}/${region}/${id}/event/${index}`)}`,
              Code: e.code,
              Description: `${prefix}${text}`,
              NotBefore: date(e.notBefore),
              NotAfter: e.notAfter ? date(e.notAfter) : undefined,
              NotBeforeDeadline: e.notBeforeDeadline ? date(e.notBeforeDeadline) : undefined,
            };
          });
      const selected = applyFilters(listed, input.Filters, {
        'instance-state-name': (i) => i.item.state,
        'availability-zone': (i) => zoneOf(i.item, region),
        'event.code': (i) => events(i.id).map((e) => e.Code),
      });
      return {
        InstanceStatuses: selected.map(({ item, id }) => {
          const running = item.state === 'running';
          const check = () => ({
            Status: running ? 'ok' : 'not-applicable',
            Details: running ? [{ Name: 'reachability', Status: 'passed' }] : undefined,
          });
          const list = events(id);
          return {
            AvailabilityZone: zoneOf(item, region),
            Events: list.length > 0 ? list : undefined,
            InstanceId: id,
            InstanceState: { Code: INSTANCE_STATES[item.state], Name: item.state },
            InstanceStatus: check(),
            SystemStatus: check(),
          };
        }),
      };
    },
  },
});

function zoneOf(item: SandboxInstance, region: string): string {
  return item.zone.length > 2 ? item.zone : `${region}${item.zone}`;
}
