import { EC2Client, type InstanceStatusEvent, paginateDescribeInstanceStatus } from '@aws-sdk/client-ec2';
import type { JsonObject } from '../../core/types.js';
import { ec2Instances } from '../shared.js';
import { isoOrNull, orNull, pageItems, withinHorizon } from '../support.js';
import type { Scanner } from '../types.js';

const KIND = 'ec2-scheduled-event';

/** AWS keeps finished events in the list for a while, marked in the description. */
const FINISHED = /^\s*\[(Completed|Canceled|Cancelled)\]/i;

/**
 * Scheduled events of EC2 instances (retirement, stop, reboot, system maintenance): one finding per
 * instance (the catalog correlates by instance), dated by its earliest pending event, with every
 * pending event in the evidence. Stopped instances are included: a retirement still applies to them.
 */
export const ec2ScheduledEvent: Scanner = {
  id: 'ec2-scheduled-event',
  eventKinds: [KIND],
  scope: 'regional',
  permissions: ['ec2:DescribeInstanceStatus', 'ec2:DescribeInstances'],
  summary: {
    ja: 'EC2 インスタンスのスケジュールされたイベント（リタイア、停止、再起動、システムメンテナンス）',
    en: 'Scheduled events of EC2 instances (retirement, stop, reboot, system maintenance)',
  },
  async *scan(ctx) {
    // Gate: events are scheduled for instances, which the AMI and OS scanners list anyway.
    if ((await ec2Instances(ctx)).length === 0) return;
    const pages = paginateDescribeInstanceStatus(
      { client: ctx.client(EC2Client), pageSize: 1000 },
      { IncludeAllInstances: true },
    );
    for await (const status of pageItems(pages, (page) => page.InstanceStatuses)) {
      if (!status.InstanceId) continue;
      const pending = (status.Events ?? [])
        .filter((e) => !FINISHED.test(e.Description ?? ''))
        .map(view)
        .filter((e) => e.notBefore === null || withinHorizon(ctx, KIND, e.notBefore))
        .sort((a, b) => (a.notBefore ?? '').localeCompare(b.notBefore ?? ''));
      const first = pending[0];
      if (!first) continue;
      yield {
        kind: KIND,
        resource: status.InstanceId,
        eventDate: first.notBefore,
        eventEndDate: first.notAfter,
        title: `EC2 instance ${status.InstanceId}: ${first.code ?? 'scheduled event'} from ${first.notBefore?.slice(0, 10) ?? 'an unknown date'}`,
        evidence: {
          instanceId: status.InstanceId,
          availabilityZone: orNull(status.AvailabilityZone),
          instanceState: orNull(status.InstanceState?.Name),
          eventCode: first.code,
          description: first.description,
          notBefore: first.notBefore,
          notAfter: first.notAfter,
          notBeforeDeadline: first.notBeforeDeadline,
          events: pending,
        },
      };
    }
  },
};

function view(event: InstanceStatusEvent) {
  return {
    instanceEventId: orNull(event.InstanceEventId),
    code: orNull(event.Code),
    description: orNull(event.Description),
    notBefore: isoOrNull(event.NotBefore),
    notAfter: isoOrNull(event.NotAfter),
    notBeforeDeadline: isoOrNull(event.NotBeforeDeadline),
  } satisfies JsonObject;
}
