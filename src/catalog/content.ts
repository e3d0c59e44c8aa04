import type { EventKind } from './schema.js';

/**
 * The one reader of notice text: mail subjects and bodies, Health descriptions and EventBridge details
 * are all scored against the catalog's `detection.content` phrases here.
 *
 * Every phrase of every entry goes into one Aho–Corasick automaton, so a text is read once, in time
 * linear in its length, whatever it contains: no regular expression runs over it.
 */

const WORD = /[a-z0-9_]/;
/** `>` quote marks (and spaces) at the start of forwarded lines. */
const QUOTE_MARKS = /\n[ \t>]+/g;
/** Japanese writers space ASCII words inconsistently (「SSL/TLS 証明書」「SSL/TLS証明書」): no space next to Japanese. */
const SPACE_BESIDE_JAPANESE =
  /(?<=[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}、。「」『』・ー]) | (?=[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}、。「」『』・ー])/gu;
/** Longest gap allowed between the parts of a phrase written `a … b`. */
const GAP = 160;
/** Hits kept per phrase part; enough to place gaps, bounded for hostile input. */
const MAX_HITS = 64;
/** A phrase names the kind; cues only support. */
const WEIGHT = { phrase: 2, cue: 0.5 } as const;
const MAX_CUE_SCORE = 1.5;
/** A kind is decided at this score: one phrase, or a subject rule. */
export const DECISIVE_SCORE = 2;

export type PhraseRole = 'phrase' | 'cue' | 'not';

/**
 * Lower-cased NFKC text with every run of white space (and the `>` quote marks that start forwarded
 * lines) made one space, and no space beside a Japanese character (hard-wrapped Japanese mail).
 */
export function normalizeText(text: string): string {
  // Three passes, each a single quantifier over one character class: linear, and native speed.
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(QUOTE_MARKS, '\n')
    .replace(/\s+/g, ' ')
    .replace(SPACE_BESIDE_JAPANESE, '')
    .trim();
}

interface Part {
  text: string;
  /** A trailing `*`: any word ending is accepted. */
  open: boolean;
}

interface CompiledPhrase {
  kind: number;
  role: PhraseRole;
  /** As written in the catalog, for `matchedBy`. */
  shown: string;
  parts: number[];
}

function splitPhrase(raw: string): Part[] {
  return raw
    .split(/\s*(?:…|\.\.\.)\s*/u)
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
    .map((p) => {
      const open = p.endsWith('*');
      return { text: normalizeText(open ? p.slice(0, -1) : p), open };
    })
    .filter((p) => p.text.length > 0);
}

/** An Aho–Corasick automaton over UTF-16 code units. */
class Automaton {
  private readonly next: Array<Map<string, number>> = [new Map()];
  private readonly fail: number[] = [0];
  private readonly out: number[][] = [[]];

  add(text: string, id: number): void {
    let node = 0;
    for (const c of text) {
      for (let i = 0; i < c.length; i += 1) {
        const unit = c[i] as string;
        let child = this.next[node]?.get(unit);
        if (child === undefined) {
          child = this.next.length;
          this.next.push(new Map());
          this.fail.push(0);
          this.out.push([]);
          this.next[node]?.set(unit, child);
        }
        node = child;
      }
    }
    this.out[node]?.push(id);
  }

  build(): void {
    const queue: number[] = [];
    for (const child of this.next[0]?.values() ?? []) queue.push(child);
    for (let head = 0; head < queue.length; head += 1) {
      const node = queue[head] as number;
      for (const [unit, child] of this.next[node] ?? []) {
        let f = this.fail[node] as number;
        while (f !== 0 && !this.next[f]?.has(unit)) f = this.fail[f] as number;
        const target = this.next[f]?.get(unit);
        this.fail[child] = target !== undefined && target !== child ? target : 0;
        this.out[child]?.push(...(this.out[this.fail[child] as number] ?? []));
        queue.push(child);
      }
    }
  }

  /** Calls `hit(id, end)` for every pattern ending at `end` (exclusive). */
  scan(text: string, hit: (id: number, end: number) => void): void {
    let node = 0;
    for (let i = 0; i < text.length; i += 1) {
      const unit = text[i] as string;
      while (node !== 0 && !this.next[node]?.has(unit)) node = this.fail[node] as number;
      node = this.next[node]?.get(unit) ?? 0;
      for (const id of this.out[node] ?? []) hit(id, i + 1);
    }
  }
}

/** One kind's reading of a text. */
export interface KindScore {
  kind: EventKind;
  score: number;
  /** Phrases found, as the catalog writes them. A not-phrase vetoes the kind (see the catalog reader). */
  phrases: string[];
  cues: string[];
  notPhrases: string[];
}

function isWordChar(c: string | undefined): boolean {
  return c !== undefined && WORD.test(c);
}

export class ContentMatcher {
  private readonly automaton = new Automaton();
  private readonly parts: Part[] = [];
  private readonly phrases: CompiledPhrase[] = [];

  constructor(private readonly kinds: readonly EventKind[]) {
    const partIds = new Map<string, number>();
    kinds.forEach((kind, index) => {
      const content = kind.detection.content;
      if (!content) return;
      const roles: Array<[PhraseRole, { en: string[]; ja: string[] }]> = [
        ['phrase', content.phrases],
        ['cue', content.cues],
        ['not', content.notPhrases],
      ];
      const seen = new Set<string>();
      for (const [role, list] of roles) {
        for (const shown of [...list.en, ...list.ja]) {
          const split = splitPhrase(shown);
          // The same words in both languages ("RDS") count once.
          const key = `${role}\u0000${split.map((p) => `${p.text}${p.open ? '*' : ''}`).join('…')}`;
          if (seen.has(key)) continue;
          seen.add(key);
          const parts = split.map((part) => {
            const key = `${part.text}\u0000${part.open}`;
            let id = partIds.get(key);
            if (id === undefined) {
              id = this.parts.length;
              partIds.set(key, id);
              this.parts.push(part);
              this.automaton.add(part.text, id);
            }
            return id;
          });
          if (parts.length > 0) this.phrases.push({ kind: index, role, shown, parts });
        }
      }
    });
    this.automaton.build();
  }

  /** Start positions of each part in the normalized text, at word boundaries. */
  private hits(text: string): Map<number, number[]> {
    const found = new Map<number, number[]>();
    this.automaton.scan(text, (id, end) => {
      const part = this.parts[id] as Part;
      const start = end - part.text.length;
      if (isWordChar(part.text[0]) && isWordChar(text[start - 1])) return;
      if (!part.open && isWordChar(part.text[part.text.length - 1]) && isWordChar(text[end])) return;
      let list = found.get(id);
      if (!list) {
        list = [];
        found.set(id, list);
      }
      if (list.length < MAX_HITS) list.push(start);
    });
    return found;
  }

  private present(phrase: CompiledPhrase, hits: Map<number, number[]>): boolean {
    const [first, ...rest] = phrase.parts;
    for (const start of hits.get(first as number) ?? []) {
      let end = start + (this.parts[first as number] as Part).text.length;
      let ok = true;
      for (const id of rest) {
        const next = (hits.get(id) ?? []).find((s) => s >= end && s - end <= GAP);
        if (next === undefined) {
          ok = false;
          break;
        }
        end = next + (this.parts[id] as Part).text.length;
      }
      if (ok) return true;
    }
    return false;
  }

  /** Every kind with at least one phrase, cue or not-phrase in the text, best first. */
  score(text: string): KindScore[] {
    const hits = this.hits(normalizeText(text));
    if (hits.size === 0) return [];
    const byKind = new Map<number, KindScore>();
    for (const phrase of this.phrases) {
      if (!this.present(phrase, hits)) continue;
      let entry = byKind.get(phrase.kind);
      if (!entry) {
        entry = {
          kind: this.kinds[phrase.kind] as EventKind,
          score: 0,
          phrases: [],
          cues: [],
          notPhrases: [],
        };
        byKind.set(phrase.kind, entry);
      }
      const list =
        phrase.role === 'phrase' ? entry.phrases : phrase.role === 'cue' ? entry.cues : entry.notPhrases;
      if (!list.includes(phrase.shown)) list.push(phrase.shown);
    }
    for (const entry of byKind.values()) {
      entry.score =
        WEIGHT.phrase * entry.phrases.length + Math.min(MAX_CUE_SCORE, WEIGHT.cue * entry.cues.length);
    }
    return [...byKind.values()].sort((a, b) => b.score - a.score || a.kind.id.localeCompare(b.kind.id));
  }
}
