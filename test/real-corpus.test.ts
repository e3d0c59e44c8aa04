import { describe, expect, it } from 'vitest';
import { defaultCatalog } from '../src/catalog/index.js';
import { type CorpusResult, classifyCorpusItem } from './support/classify-corpus.js';
import { loadRealCorpusIndex } from './support/real-corpus.js';

/** Issue #10: at least 95% of the real notices are read as the right kind (or as none, for no-work notices). */
const REQUIRED_ACCURACY = 0.95;

describe('the corpus of real AWS notices (test/fixtures/real)', () => {
  it('classifies at least 95% of the mail and Health items right, listing every miss', async () => {
    // Prepare
    const index = loadRealCorpusIndex();
    const catalog = defaultCatalog();
    // Act: the same code paths as `opsradar classify email` and `opsradar classify health`
    const results: CorpusResult[] = [];
    for (const item of index.items) results.push(await classifyCorpusItem(item, catalog));
    // Assess
    const misses = results
      .filter((r) => !r.right)
      .map((r) => `${r.item.file}: expected ${r.item.expected}, got ${r.got} (${r.why})`);
    if (misses.length > 0)
      console.log(`misses (${misses.length}/${results.length}):\n  ${misses.join('\n  ')}`);
    for (const type of ['mail', 'health'] as const) {
      expect(results.filter((r) => r.item.type === type).length, `${type} items`).toBeGreaterThan(0);
    }
    const accuracy = (results.length - misses.length) / results.length;
    expect(accuracy, misses.join('\n')).toBeGreaterThanOrEqual(REQUIRED_ACCURACY);
  });
});
