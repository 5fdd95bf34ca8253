/**
 * The message for a bar the feature engine refuses, naming the first rule it breaks.
 * Kept apart from the kernel so the hot path holds only the combined check.
 */
export function describeBadBar(
  index: number, prevTime: number, time: number, open: number, high: number, low: number, close: number, volume: number,
): string {
  const at = `bar ${index}${Number.isFinite(time) ? ` (${new Date(time).toISOString()})` : ''}`;
  const values = `open=${open} high=${high} low=${low} close=${close} volume=${volume}`;
  let rule: string;
  if (!Number.isFinite(time)) rule = `time ${time} is not a finite timestamp`;
  else if (!(time > prevTime)) rule = `time is not after the previous bar's (${new Date(prevTime).toISOString()})`;
  else if (![open, high, low, close].every(Number.isFinite)) rule = 'a price is not a finite number';
  else if (!(low > 0)) rule = 'prices must be > 0';
  else if (!(high >= low)) rule = 'high is below low';
  else if (!(open >= low && open <= high)) rule = 'open is outside [low, high]';
  else if (!(close >= low && close <= high)) rule = 'close is outside [low, high]';
  else rule = 'volume must be a finite number >= 0';
  return `features: invalid candle at ${at}: ${rule} (${values})`;
}
