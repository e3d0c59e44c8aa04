import type { Command } from 'commander';
import { stringify } from 'yaml';
import { isAccountId } from '../aws/arn.js';
import { resolveLang } from '../i18n/index.js';
import { scanMessages as m } from '../i18n/messages/scan.js';
import { memberRoleTemplate, scanPolicy } from '../iam/policy.js';
import { scanners as registry } from '../scanners/index.js';
import { UserError } from './errors.js';
import { topCommand } from './options.js';

export interface IamPolicyIo {
  out(text: string): void;
}

const processIo: IamPolicyIo = { out: (text) => process.stdout.write(text) };

interface IamPolicyOptions {
  format: string;
  org?: boolean;
  roleName?: string;
  trustedAccount?: string;
  scanners?: string;
  lang?: string;
}

const FORMATS = ['json', 'cloudformation'];

export function registerIamPolicy(program: Command, io: IamPolicyIo = processIo): void {
  topCommand(program, 'iam-policy')
    .option('--format <format>', 'json (policy) or cloudformation (member-account role template)', 'json')
    .option('--org', 'add organizations:ListAccounts and sts:AssumeRole for --org scans (json)')
    .option('--role-name <name>', 'role name assumed in member accounts', 'OpsradarReadOnly')
    .option('--trusted-account <id>', 'default ScanningAccountId of the template (cloudformation)')
    .option('--scanners <ids>', 'only these scanners (default: all)')
    .action((_opts: IamPolicyOptions, cmd: Command) => {
      io.out(iamPolicyOutput(cmd.optsWithGlobals<IamPolicyOptions>()));
    });
}

export function iamPolicyOutput(opts: IamPolicyOptions): string {
  const lang = resolveLang(opts.lang);
  if (!FORMATS.includes(opts.format)) {
    throw new UserError(
      m(lang, 'error.format', { format: opts.format, allowed: FORMATS.join(', ') }),
      'USAGE',
      2,
    );
  }
  const ids = opts.scanners
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const known = registry.map((s) => s.id);
  for (const id of ids ?? []) {
    if (!known.includes(id))
      throw new UserError(m(lang, 'error.scanner', { id, known: known.join(', ') }), 'USAGE', 2);
  }
  const scanners = ids ? registry.filter((s) => ids.includes(s.id)) : registry;
  if (opts.trustedAccount && !isAccountId(opts.trustedAccount)) {
    throw new UserError(m(lang, 'error.trustedAccount', { id: opts.trustedAccount }), 'USAGE', 2);
  }
  if (opts.format === 'cloudformation') {
    const template = memberRoleTemplate(scanners, {
      ...(opts.roleName ? { roleName: opts.roleName } : {}),
      ...(opts.trustedAccount ? { trustedAccountId: opts.trustedAccount } : {}),
    });
    return stringify(template, { lineWidth: 0 });
  }
  const policy = scanPolicy(scanners, {
    org: !!opts.org,
    ...(opts.roleName ? { roleName: opts.roleName } : {}),
  });
  return `${JSON.stringify(policy, null, 2)}\n`;
}
