import {
  DescribeBrokerCommand,
  type DescribeBrokerResponse,
  MqClient,
  paginateListBrokers,
} from '@aws-sdk/client-mq';
import { DAY_MS, MINUTE_MS } from '../../core/time.js';
import { ENGINE_EOS_KIND, type EngineResource, engineEosFindings } from '../engine-support.js';
import { findingsOf, isAwsError, orNull, withinHorizon } from '../support.js';
import type { Finding, ScanContext, Scanner } from '../types.js';

const MAINTENANCE = 'engine-maintenance';
const DAYS = ['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'];

/** Minutes `zone` is ahead of UTC at `at`. */
function offsetMinutes(at: Date, zone: string): number {
  const parts: Record<string, string> = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const n = (k: string) => Number(parts[k] ?? Number.NaN);
  const wall = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'));
  return Math.round((wall - Math.floor(at.getTime() / 60_000) * 60_000) / 60_000);
}

/** The next start of the weekly maintenance window after `now` (UTC ISO), or null when unreadable. */
export function nextWindow(
  now: Date,
  day: string | undefined,
  time: string | undefined,
  zone = 'UTC',
): string | null {
  const dow = DAYS.indexOf((day ?? '').toUpperCase());
  const match = /^(\d{1,2}):(\d{2})$/.exec(time ?? '');
  if (dow < 0 || !match) return null;
  const [hour, minute] = [Number(match[1]), Number(match[2])];
  try {
    for (let k = 0; k <= 8; k++) {
      const local = new Date(now.getTime() + offsetMinutes(now, zone) * MINUTE_MS + k * DAY_MS);
      if (local.getUTCDay() !== dow) continue;
      const wall = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), hour, minute);
      const start = new Date(wall - offsetMinutes(new Date(wall), zone) * 60_000);
      if (start.getTime() > now.getTime()) return start.toISOString();
    }
  } catch {
    // An unknown time zone name.
  }
  return null;
}

async function brokers(client: MqClient): Promise<DescribeBrokerResponse[]> {
  const out: DescribeBrokerResponse[] = [];
  for await (const page of paginateListBrokers({ client, pageSize: 100 }, {})) {
    for (const summary of page.BrokerSummaries ?? []) {
      if (!summary.BrokerId) continue;
      try {
        out.push(await client.send(new DescribeBrokerCommand({ BrokerId: summary.BrokerId })));
      } catch (error) {
        // Deleted between the list and the describe.
        if (!isAwsError(error, 'NotFoundException')) throw error;
      }
    }
  }
  return out;
}

function pendingUpgrade(ctx: ScanContext, b: DescribeBrokerResponse): Finding | null {
  if (!b.PendingEngineVersion || !b.BrokerName) return null;
  const w = b.MaintenanceWindowStartTime;
  const date = nextWindow(ctx.now, w?.DayOfWeek, w?.TimeOfDay, w?.TimeZone ?? 'UTC');
  if (date !== null && !withinHorizon(ctx, MAINTENANCE, date)) return null;
  return {
    kind: MAINTENANCE,
    resource: b.BrokerArn ?? b.BrokerName,
    eventDate: date,
    title: `Amazon MQ ${b.BrokerName}: ${b.EngineVersion ?? '?'} → ${b.PendingEngineVersion} in the maintenance window${date ? ` of ${date.slice(0, 10)}` : ''}`,
    evidence: {
      service: 'mq',
      brokerName: b.BrokerName,
      engineType: orNull(b.EngineType),
      engineVersion: orNull(b.EngineVersion),
      pendingEngineVersion: b.PendingEngineVersion,
      deploymentMode: orNull(b.DeploymentMode),
      autoMinorVersionUpgrade: orNull(b.AutoMinorVersionUpgrade),
      maintenanceWindow: w ? `${w.DayOfWeek ?? '?'} ${w.TimeOfDay ?? '?'} ${w.TimeZone ?? 'UTC'}` : null,
      actionsRequired: (b.ActionsRequired ?? []).map((a) => orNull(a.ActionRequiredCode)),
    },
  };
}

/**
 * Amazon MQ brokers: an engine upgrade pending for the next maintenance window →
 * engine-maintenance (single-instance brokers go offline); an ActiveMQ / RabbitMQ version leaving
 * support → engine-end-of-support (AWS upgrades such brokers within 45 days after the date), dated
 * from AWS Health's version catalog (MQ) when the support plan gives it, else the table.
 */
export const mqBrokerLifecycle: Scanner = {
  id: 'mq-broker-lifecycle',
  eventKinds: [MAINTENANCE, ENGINE_EOS_KIND],
  scope: 'regional',
  permissions: ['health:DescribeServiceLifecycle', 'mq:DescribeBroker', 'mq:ListBrokers'],
  summary: {
    ja: 'Amazon MQ ブローカーの保留中のエンジン更新（次のメンテナンスウィンドウ）とエンジンバージョンのサポート終了',
    en: 'Amazon MQ brokers: pending engine upgrades (next maintenance window) and engine versions leaving support',
  },
  async *scan(ctx) {
    const list = await brokers(ctx.client(MqClient));
    if (list.length === 0) return;
    yield* findingsOf(list, (b) => pendingUpgrade(ctx, b));
    yield* engineEosFindings(ctx, 'MQ', list, brokerEngine);
  },
};

function brokerEngine(b: DescribeBrokerResponse): EngineResource | null {
  if (!b.BrokerName || !b.EngineType || !b.EngineVersion) return null;
  const engine = b.EngineType === 'RABBITMQ' ? 'rabbitmq' : 'activemq';
  const minor = b.EngineVersion.split('.').slice(0, 2).join('.');
  return {
    lookup: {
      spellings: [`${b.EngineType} ${b.EngineVersion}`, `${b.EngineType} ${minor}`],
      product: `amazon-mq-${engine}`,
      version: b.EngineVersion,
    },
    resource: b.BrokerArn ?? b.BrokerName,
    title: (ended, day) =>
      `Amazon MQ ${b.BrokerName}: ${engine === 'rabbitmq' ? 'RabbitMQ' : 'ActiveMQ'} ${b.EngineVersion} end of support ${ended ? 'passed' : 'on'} ${day}`,
    evidence: {
      service: 'mq',
      brokerName: b.BrokerName,
      engineType: b.EngineType,
      engineVersion: b.EngineVersion,
      autoMinorVersionUpgrade: orNull(b.AutoMinorVersionUpgrade),
    },
  };
}
