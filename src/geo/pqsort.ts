/**
 * Redis's partial quicksort (pqsort.c, Bentley & McIlroy's "Engineering a Sort Function" with
 * recursion only into the parts that overlap the wanted range): after it, positions lo..hi hold
 * what a full sort would put there. Searches with COUNT use it when they return fewer points than
 * they found, and since it is not stable, the order of equal distances among the returned points
 * is whatever this exact algorithm leaves: reimplemented step for step (median of three, ninther
 * above 40 elements, insertion sort below 7, equal elements gathered at both ends) so ties come
 * out in Redis's order.
 */

/** Sorts enough of `a` (by `cmp`) that positions lo..hi (inclusive) are final. */
export function pqsort<T>(a: T[], cmp: (x: T, y: T) => number, lo: number, hi: number): void {
  sortPart(a, 0, a.length, cmp, lo, hi);
}

function swap<T>(a: T[], i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}

/** Swaps the n elements from i with the n from j, pairwise in order. */
function vecswap<T>(a: T[], i: number, j: number, n: number): void {
  for (let k = 0; k < n; k++) swap(a, i + k, j + k);
}

function med3<T>(a: T[], i: number, j: number, k: number, cmp: (x: T, y: T) => number): number {
  const [x, y, z] = [a[i]!, a[j]!, a[k]!];
  return cmp(x, y) < 0
    ? (cmp(y, z) < 0 ? j : cmp(x, z) < 0 ? k : i)
    : (cmp(y, z) > 0 ? j : cmp(x, z) < 0 ? i : k);
}

/** Whether [start, start+n) overlaps the wanted range [lo, hi]. */
const overlaps = (start: number, n: number, lo: number, hi: number): boolean =>
  !((lo < start && hi < start) || (lo >= start + n && hi >= start + n));

/** _pqsort on a[base, base+n). */
function sortPart<T>(a: T[], base: number, n: number, cmp: (x: T, y: T) => number, lo: number, hi: number): void {
  for (;;) {
    if (n < 7) {
      for (let m = base + 1; m < base + n; m++) {
        for (let l = m; l > base && cmp(a[l - 1]!, a[l]!) > 0; l--) swap(a, l, l - 1);
      }
      return;
    }
    let pm = base + Math.floor(n / 2);
    if (n > 7) {
      let pl = base;
      let pn = base + n - 1;
      if (n > 40) {
        const d = Math.floor(n / 8);
        pl = med3(a, pl, pl + d, pl + 2 * d, cmp);
        pm = med3(a, pm - d, pm, pm + d, cmp);
        pn = med3(a, pn - 2 * d, pn - d, pn, cmp);
      }
      pm = med3(a, pl, pm, pn, cmp);
    }
    swap(a, base, pm);
    let pa = base + 1;
    let pb = pa;
    let pc = base + n - 1;
    let pd = pc;
    for (;;) {
      let r: number;
      while (pb <= pc && (r = cmp(a[pb]!, a[base]!)) <= 0) {
        if (r === 0) swap(a, pa++, pb);
        pb++;
      }
      while (pb <= pc && (r = cmp(a[pc]!, a[base]!)) >= 0) {
        if (r === 0) swap(a, pc, pd--);
        pc--;
      }
      if (pb > pc) break;
      swap(a, pb++, pc--);
    }
    const pn = base + n;
    let s = Math.min(pa - base, pb - pa);
    vecswap(a, base, pb - s, s);
    s = Math.min(pd - pc, pn - pd - 1);
    vecswap(a, pb, pn - s, s);
    const left = pb - pa;
    if (left > 1 && overlaps(base, left, lo, hi)) sortPart(a, base, left, cmp, lo, hi);
    const right = pd - pc;
    if (right <= 1) return;
    base = pn - right;
    n = right;
    if (!overlaps(base, n, lo, hi)) return;
  }
}
