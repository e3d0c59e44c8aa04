import {
  closeSync,
  createReadStream,
  existsSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  statSync,
} from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { OpsradarError } from '../../core/errors.js';
import { defaultMailLimits, headBytes, type MailLimits } from './limits.js';

/** A message over the size limit: `raw` holds only its head (headers + excerpt), never the whole. */
export interface Oversize {
  /** The whole message's size in bytes. */
  size: number;
  /** mbox: byte offset of the message's From_ line in the file. */
  offset?: number;
}

/** One message read from a file source, or why it could not be read. */
export type MailItem =
  | { origin: string; raw: Buffer; oversize?: Oversize }
  | { origin: string; error: string };

/** A line longer than this is handed on in pieces (a hostile mbox need not contain a newline). */
const MAX_LINE_BYTES = 1024 * 1024;

/** Reads one message file; past the size limit only its head, checked with stat before reading. */
function readMessageFile(path: string, limits: MailLimits): MailItem {
  const size = statSync(path).size;
  if (size <= limits.maxMessageBytes) return { origin: path, raw: readFileSync(path) };
  const head = Buffer.alloc(headBytes(limits));
  const fd = openSync(path, 'r');
  try {
    const read = readSync(fd, head, 0, head.length, 0);
    return { origin: path, raw: head.subarray(0, read), oversize: { size } };
  } finally {
    closeSync(fd);
  }
}

export class MailSourceError extends OpsradarError {
  constructor(message: string) {
    super(message, 'MAIL_SOURCE_INVALID');
  }
}

const FROM_LINE = /^From \S+\s.*\d{1,2}:\d{2}/;

function isMaildir(dir: string): boolean {
  return ['cur', 'new'].every((sub) => existsSync(join(dir, sub)) && statSync(join(dir, sub)).isDirectory());
}

async function startsWithFromLine(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(5);
    const { bytesRead } = await handle.read(buffer, 0, 5, 0);
    return bytesRead === 5 && buffer.toString('latin1') === 'From ';
  } finally {
    await handle.close();
  }
}

/**
 * Splits an mbox file into messages, streaming so a large mailbox is never read whole.
 * A message starts at a "From " line that follows an empty line (or the start of the file);
 * ">From " escapes (mboxrd) are undone. The "From " line itself is not part of the message.
 * A message over the size limit is not buffered past its head (see Oversize).
 */
export async function* readMbox(
  path: string,
  limits: MailLimits = defaultMailLimits,
): AsyncGenerator<MailItem> {
  const keep = headBytes(limits);
  let pending: Buffer = Buffer.alloc(0);
  let current: Buffer[] = [];
  let kept = 0;
  let size = 0;
  let offset = 0;
  let position = 0;
  let index = 0;
  let started = false;
  const flush = function* (): Generator<MailItem> {
    if (!started) return;
    index += 1;
    const text = Buffer.concat(current).toString('latin1');
    const body = text.replace(/\r?\n$/, '').replace(/^>(>*From )/gm, '$1');
    current = [];
    const raw = Buffer.from(body, 'latin1');
    const origin = `${path}#${index}`;
    yield size > limits.maxMessageBytes ? { origin, raw, oversize: { size, offset } } : { origin, raw };
  };
  let previousBlank = true;
  const handleLine = function* (line: Buffer): Generator<MailItem> {
    const at = position;
    position += line.length;
    // A From_ line carries the envelope sender and a time: "From MAILER-DAEMON Mon Jan  1 00:00:00 2018".
    const isFrom =
      line.length >= 5 &&
      line.length < 1000 &&
      line.toString('latin1', 0, 5) === 'From ' &&
      FROM_LINE.test(line.toString('latin1'));
    if (isFrom && previousBlank) {
      yield* flush();
      started = true;
      previousBlank = false;
      [kept, size, offset] = [0, 0, at];
      return;
    }
    if (started) {
      size += line.length;
      if (kept < keep) {
        current.push(line.length > keep - kept ? Buffer.from(line.subarray(0, keep - kept)) : line);
        kept += Math.min(line.length, keep - kept);
      }
    }
    const content = line.toString('latin1', 0, Math.min(line.length, 2)).replace(/\r?\n$/, '');
    previousBlank = content === '';
  };
  for await (const chunk of createReadStream(path)) {
    pending = pending.length ? Buffer.concat([pending, chunk as Buffer]) : (chunk as Buffer);
    let from = 0;
    for (let nl = pending.indexOf(10, from); nl >= 0; nl = pending.indexOf(10, from)) {
      yield* handleLine(pending.subarray(from, nl + 1));
      from = nl + 1;
    }
    pending = Buffer.from(pending.subarray(from));
    if (pending.length > MAX_LINE_BYTES) {
      yield* handleLine(pending);
      pending = Buffer.alloc(0);
    }
  }
  if (pending.length) yield* handleLine(pending);
  yield* flush();
}

/**
 * Every message in the given paths: `.eml` files (or any single RFC 822 file), mbox files and
 * Maildir folders (new/ and cur/, read only: nothing is moved or renamed).
 */
export async function* readMailSources(
  paths: readonly string[],
  limits: MailLimits = defaultMailLimits,
): AsyncGenerator<MailItem> {
  for (const path of paths) {
    if (!existsSync(path)) {
      yield { origin: path, error: 'no such file or directory' };
      continue;
    }
    const stat = statSync(path);
    if (stat.isDirectory()) {
      if (isMaildir(path)) {
        for (const sub of ['new', 'cur']) {
          for (const name of readdirSync(join(path, sub)).sort()) {
            if (name.startsWith('.')) continue;
            const file = join(path, sub, name);
            if (statSync(file).isFile()) yield readMessageFile(file, limits);
          }
        }
      } else {
        const files = readdirSync(path)
          .filter((name) => /\.(eml|msg|txt)$/i.test(name) || /\.mbox$/i.test(name))
          .sort();
        if (files.length === 0)
          yield { origin: path, error: 'not a Maildir and holds no .eml or .mbox files' };
        yield* readMailSources(
          files.map((name) => join(path, name)),
          limits,
        );
      }
      continue;
    }
    if (await startsWithFromLine(path)) {
      yield* readMbox(path, limits);
    } else {
      yield readMessageFile(path, limits);
    }
  }
}
