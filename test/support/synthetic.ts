import { seededRandom } from './seededRandom';

export { seededRandom };

/** A nonlinear regression problem: y = sin(3 x0) + x1^2 + 0.5 x2 x3 + small noise, plus distractor columns. */
export function nonlinearProblem(rows: number, cols: number, seed: number, noise = 0.05) {
  const rand = seededRandom(seed);
  const data = new Float64Array(rows * cols);
  const labels = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) data[i * cols + j] = rand() * 2 - 1;
    const x = (j: number) => data[i * cols + j];
    labels[i] = Math.sin(3 * x(0)) + x(1) ** 2 + 0.5 * x(2) * x(3) + noise * (rand() * 2 - 1);
  }
  return { data, rows, cols, labels };
}

/** Rows [start, end) of a problem from nonlinearProblem. */
export function sliceRows(p: { data: Float64Array; cols: number; labels: Float64Array }, start: number, end: number) {
  return { data: p.data.slice(start * p.cols, end * p.cols), rows: end - start, cols: p.cols, labels: p.labels.slice(start, end) };
}

/** Coefficient of determination of predictions against labels. */
export function r2(labels: ArrayLike<number>, preds: ArrayLike<number>): number {
  let mean = 0;
  for (let i = 0; i < labels.length; i++) mean += labels[i] / labels.length;
  let ssRes = 0;
  let ssTot = 0;
  for (let i = 0; i < labels.length; i++) {
    ssRes += (labels[i] - preds[i]) ** 2;
    ssTot += (labels[i] - mean) ** 2;
  }
  return 1 - ssRes / ssTot;
}
