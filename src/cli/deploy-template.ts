import type { Command } from 'commander';
import { stringify } from 'yaml';
import { defaultCatalog } from '../catalog/index.js';
import { resolveLang } from '../i18n/index.js';
import { healthMessages as m } from '../i18n/messages/health.js';
import {
  type EventBridgeSources,
  eventBridgeTemplate,
  type TemplateAuth,
  type TemplateTarget,
} from '../ingest/eventbridge/template.js';
import { UserError } from './errors.js';
import { topCommand } from './options.js';

interface DeployTemplateOptions {
  org?: boolean;
  target: string;
  auth: string;
  format: string;
  lang?: string;
  config?: string;
}

export interface DeployTemplateIo {
  out(text: string): void;
  catalog(configPath?: string): EventBridgeSources;
}

const processIo: DeployTemplateIo = {
  out: (text) => process.stdout.write(text),
  catalog: (configPath) => defaultCatalog({ configPath }),
};

const TARGETS: TemplateTarget[] = ['api-destination', 'sns'];
const AUTHS: TemplateAuth[] = ['api-key', 'basic'];

export function registerDeployTemplate(program: Command, io: DeployTemplateIo = processIo): void {
  topCommand(program, 'deploy-template')
    .command('eventbridge')
    .description(
      "CloudFormation template: EventBridge rules for aws.health and the catalog's sources → opsradar / aws.health とカタログのイベントを opsradar に送る CloudFormation テンプレート",
    )
    .option('--org', 'organization-wide: central event bus + StackSet for member accounts / 組織全体版')
    .option('--target <target>', `api-destination or sns`, 'api-destination')
    .option('--auth <auth>', 'api-key or basic (API destination connection) / 接続の認証方式', 'api-key')
    .option('--format <format>', 'yaml or json', 'yaml')
    .action((_opts: DeployTemplateOptions, cmd: Command) => {
      deployTemplateCommand(cmd.optsWithGlobals<DeployTemplateOptions>(), io);
    });
}

export function deployTemplateCommand(opts: DeployTemplateOptions, io: DeployTemplateIo): void {
  const lang = resolveLang(opts.lang);
  if (!TARGETS.includes(opts.target as TemplateTarget)) {
    throw new UserError(
      m(lang, 'template.error.target', { target: opts.target, allowed: TARGETS.join(', ') }),
      'USAGE',
      2,
    );
  }
  if (!AUTHS.includes(opts.auth as TemplateAuth)) {
    throw new UserError(
      m(lang, 'template.error.auth', { auth: opts.auth, allowed: AUTHS.join(', ') }),
      'USAGE',
      2,
    );
  }
  if (opts.format !== 'yaml' && opts.format !== 'json') {
    throw new UserError(m(lang, 'template.error.format', { format: opts.format }), 'USAGE', 2);
  }
  const template = eventBridgeTemplate(io.catalog(opts.config), {
    target: opts.target as TemplateTarget,
    auth: opts.auth as TemplateAuth,
    org: !!opts.org,
  });
  io.out(
    opts.format === 'json' ? `${JSON.stringify(template, null, 2)}\n` : stringify(template, { lineWidth: 0 }),
  );
}
