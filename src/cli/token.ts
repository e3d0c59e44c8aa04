import type { Command } from 'commander';
import { resolveLang } from '../i18n/index.js';
import { serverText as m } from '../i18n/messages/server.js';
import { isRole, tokenStore } from '../server/tokens.js';
import { openStore } from '../store/index.js';
import { UserError } from './errors.js';
import { topCommand } from './options.js';

interface TokenOptions {
  role?: string;
  feed?: boolean;
  name?: string;
  format?: string;
  lang?: string;
  db?: string;
}

export function registerToken(program: Command): void {
  const token = topCommand(program, 'token');

  token
    .command('create')
    .description(
      'create a token; it is printed once and stored only as a hash / トークンを作成します（表示は一度だけ）',
    )
    .option('--role <role>', 'viewer (read), operator (act on work items) or admin (also manage tokens)')
    .option('--feed', 'a calendar feed token: opens /calendar.ics and nothing else (no --role)')
    .requiredOption('--name <name>', 'who or what uses it (shown in the work item history)')
    .action(async (_opts: TokenOptions, cmd: Command) => {
      const opts = cmd.optsWithGlobals<TokenOptions>();
      const lang = resolveLang(opts.lang);
      const role = opts.feed ? 'viewer' : (opts.role ?? '');
      if (!isRole(role)) throw new UserError(m(lang, 'token.badRole', { role }), 'USAGE', 2);
      const kind = opts.feed ? 'feed' : 'api';
      const store = await openStore(opts.db);
      try {
        const created = await tokenStore(store.apiTokens).create({ name: opts.name ?? '', role, kind });
        const name = created.record.name;
        process.stderr.write(
          `${kind === 'feed' ? m(lang, 'token.createdFeed', { name }) : m(lang, 'token.created', { name, role })}\n`,
        );
        // The token alone on stdout, so `TOKEN=$(opsradar token create ...)` works.
        process.stdout.write(`${created.token}\n`);
      } finally {
        await store.close();
      }
    });

  token
    .command('list')
    .description('list tokens (never their secret) / トークンの一覧')
    .action(async (_opts: TokenOptions, cmd: Command) => {
      const opts = cmd.optsWithGlobals<TokenOptions>();
      const lang = resolveLang(opts.lang);
      const store = await openStore(opts.db);
      try {
        const all = await tokenStore(store.apiTokens).list();
        // Feed tokens are listed apart: they live in calendar URLs, so they are the ones to rotate.
        for (const kind of ['api', 'feed'] as const) {
          const tokens = all.filter((t) => t.kind === kind);
          if (tokens.length === 0) continue;
          process.stdout.write(`${m(lang, kind === 'feed' ? 'token.listFeed' : 'token.listApi')}\n`);
          for (const t of tokens) {
            const revoked = t.revokedAt ? ` — revoked ${t.revokedAt}` : '';
            const role = kind === 'feed' ? 'feed' : t.role;
            process.stdout.write(
              `  ${t.id}  ${m(lang, 'token.list', { name: t.name, role, created: t.createdAt, revoked })}\n`,
            );
          }
        }
      } finally {
        await store.close();
      }
    });

  token
    .command('revoke <id>')
    .description('revoke a token / トークンを失効させます')
    .action(async (id: string, _opts: TokenOptions, cmd: Command) => {
      const opts = cmd.optsWithGlobals<TokenOptions>();
      const lang = resolveLang(opts.lang);
      const store = await openStore(opts.db);
      try {
        if (!(await tokenStore(store.apiTokens).revoke(id)))
          throw new UserError(m(lang, 'token.notFound', { id }), 'NOT_FOUND');
        process.stdout.write(`${m(lang, 'token.revoked', { id })}\n`);
      } finally {
        await store.close();
      }
    });
}
