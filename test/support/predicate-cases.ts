/**
 * Tests of a yes/no check from two literal lists, like RuleTester's `valid` / `invalid`: the
 * inputs it must accept, and the inputs it must refuse, each under the reason it is refused (the
 * test name says why, so a failure reads as the hole it opens).
 *
 * @example
 *   testPredicate('isAwsSendingDomain', isAwsSendingDomain, {
 *     accepts: ['amazon.com'],
 *     refuses: { 'amazon.com as a prefix of another domain': 'amazon.com.evil.example' },
 *   });
 */
import { describe, expect, it } from 'vitest';

export interface PredicateCases {
  /** Inputs the check must accept. */
  accepts: string[];
  /** Inputs the check must refuse, keyed by why. */
  refuses: Record<string, string>;
}

/** Declares a `describe` block with one test per accepted and per refused input. */
export function testPredicate(name: string, check: (input: string) => boolean, cases: PredicateCases): void {
  describe(name, () => {
    it.each(cases.accepts)('accepts %s', (input) => {
      expect(check(input)).toBe(true);
    });
    it.each(Object.entries(cases.refuses))('refuses %s: %s', (_why, input) => {
      expect(check(input)).toBe(false);
    });
  });
}
