/**
 * TensorBoard's smoothing: an exponential moving average, debiased so the first values are not pulled towards 0.
 * Missing values (null, undefined, NaN, ±Infinity) are passed through unchanged and do not advance the average.
 * A weight of 0 gives back the input's values; a weight of 1 would stay at 0, so it is kept as is (no debias).
 *
 * @param {Array<number|null|undefined>} values
 * @param {number} weight in [0, 1)
 * @returns {Array<number|null|undefined>} a new array of the same length
 */
export function emaSmooth(values, weight) {
  let last = 0;
  let n = 0;
  return Array.from(values, (v) => {
    if (v == null || !Number.isFinite(v)) {
      return v;
    }
    last = last * weight + (1 - weight) * v;
    n++;
    const debias = weight === 1 ? 1 : 1 - Math.pow(weight, n);
    return last / debias;
  });
}
