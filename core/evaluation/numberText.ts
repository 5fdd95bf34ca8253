// Figures as text, one rule for the CLI, the API's words and the app.

/**
 * x to `digits` decimals, without a minus sign on a value that rounds to 0: "-0.000" reads as a loss where there is
 * none.
 */
export function fixedDigits(x: number, digits: number): string {
  const s = x.toFixed(digits);
  return /^-0\.?0*$/.test(s) ? s.slice(1) : s;
}
