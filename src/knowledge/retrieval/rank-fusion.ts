/** One ranking to fuse: item keys best first, and how much this ranking counts. */
export interface Ranking<K> {
  items: readonly K[];
  weight: number;
}

export interface FusedItem<K> {
  item: K;
  score: number;
  /** 1-based rank of the item in each input ranking, or undefined where it is absent. */
  ranks: Array<number | undefined>;
}

/**
 * Reciprocal rank fusion: an item scores Σ weight / (k + rank) over the rankings it appears in. It
 * uses ranks only, so it combines rankings whose scores are on unrelated scales (BM25F and cosine)
 * without calibrating them; `k` (60 is the usual choice) damps the difference between the first few
 * places. Ties keep the order of the earlier ranking, then the next.
 */
export function reciprocalRankFusion<K>(rankings: ReadonlyArray<Ranking<K>>, k = 60): Array<FusedItem<K>> {
  const fused = new Map<K, FusedItem<K>>();
  rankings.forEach((ranking, which) => {
    ranking.items.forEach((item, i) => {
      let entry = fused.get(item);
      if (!entry) fused.set(item, (entry = { item, score: 0, ranks: rankings.map(() => undefined) }));
      if (entry.ranks[which] !== undefined) return;
      entry.ranks[which] = i + 1;
      entry.score += ranking.weight / (k + i + 1);
    });
  });
  const byRank = (a: FusedItem<K>, b: FusedItem<K>): number => {
    for (let i = 0; i < rankings.length; i++) {
      const x = a.ranks[i] ?? Infinity;
      const y = b.ranks[i] ?? Infinity;
      if (x !== y) return x - y;
    }
    return 0;
  };
  return [...fused.values()].sort((a, b) => b.score - a.score || byRank(a, b));
}
