import { Tokenizer } from 'htmlparser2';

/** Elements whose end starts a new line, so that ids and dates in them stay apart. */
const BLOCK = new Set([
  'address',
  'article',
  'blockquote',
  'dd',
  'div',
  'dl',
  'dt',
  'footer',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'li',
  'ol',
  'p',
  'pre',
  'section',
  'table',
  'tr',
  'ul',
]);
const CELL = new Set(['td', 'th']);
/** Elements whose content is not text a person reads. */
const HIDDEN = new Set(['head', 'script', 'style', 'template', 'title']);

/** Trims each line and keeps at most one blank line in a row, in one pass. */
function tidyLines(text: string): string {
  const out: string[] = [];
  let blank = 0;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '').trim();
    if (line === '') {
      blank += 1;
      if (blank === 1 && out.length > 0) out.push('');
      continue;
    }
    blank = 0;
    out.push(line);
  }
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out.join('\n');
}

/**
 * HTML mail to plain text with htmlparser2's tokenizer: one pass over the input, no tree and no
 * recursion, so time stays linear however the markup is broken or nested. Cells become tabs and
 * blocks line breaks, so the ids and dates of a table row stay apart and on one line.
 */
export function htmlToText(html: string): string {
  const out: string[] = [];
  let hidden = 0;
  let openTag = '';
  const name = (start: number, end: number): string => html.slice(start, end).toLowerCase();
  const tokenizer = new Tokenizer(
    { decodeEntities: true },
    {
      ontext(start, end) {
        if (hidden === 0) out.push(html.slice(start, end));
      },
      ontextentity(codepoint) {
        if (hidden === 0) out.push(String.fromCodePoint(codepoint));
      },
      onopentagname(start, end) {
        openTag = name(start, end);
        if (openTag === 'body') hidden = 0;
        else if (HIDDEN.has(openTag)) hidden += 1;
        else if (openTag === 'br') out.push('\n');
        else if (BLOCK.has(openTag)) out.push('\n');
      },
      onselfclosingtag() {
        if (HIDDEN.has(openTag)) hidden = Math.max(0, hidden - 1);
      },
      onclosetag(start, end) {
        const tag = name(start, end);
        if (HIDDEN.has(tag)) hidden = Math.max(0, hidden - 1);
        else if (CELL.has(tag)) out.push('\t');
        else if (BLOCK.has(tag) || tag === 'br') out.push('\n');
      },
      onattribdata() {},
      onattribentity() {},
      onattribend() {},
      onattribname() {},
      oncdata() {},
      oncomment() {},
      ondeclaration() {},
      onend() {},
      onopentagend() {},
      onprocessinginstruction() {},
    },
  );
  tokenizer.write(html);
  tokenizer.end();
  return tidyLines(out.join('').replace(/\u00a0/g, ' '));
}
