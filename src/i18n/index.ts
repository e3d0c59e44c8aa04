import type { Lang } from '../core/types.js';

export type MessageParams = Record<string, string | number>;

/**
 * Declares one part's messages. The Japanese table must have exactly the English keys,
 * so a missing translation fails to compile.
 */
export function defineMessages<K extends string>(messages: {
  en: Record<K, string>;
  ja: Record<NoInfer<K>, string>;
}): (lang: Lang, key: K, params?: MessageParams) => string {
  return (lang, key, params) => {
    const template = messages[lang][key];
    if (!params) return template;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in params ? String(params[name]) : whole,
    );
  };
}

/** `--lang` wins; else the locale environment (ja for ja_JP.*); else English. */
export function resolveLang(explicit?: string, env: NodeJS.ProcessEnv = process.env): Lang {
  if (explicit === 'ja' || explicit === 'en') return explicit;
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return locale.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}
