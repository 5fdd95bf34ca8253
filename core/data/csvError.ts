import { excerpt } from './csvFields';

/** A problem in a candle file, located by file and line: its message is `<file>:<line>: <what>`. */
export class CsvError extends Error {
  override readonly name = 'CsvError';
  constructor(
    readonly file: string,
    /** 1-based line number; 0 when the problem belongs to the whole file. */
    readonly line: number,
    readonly problem: string,
  ) {
    const where = excerpt(file, 200);
    super(line > 0 ? `${where}:${line}: ${problem}` : `${where}: ${problem}`);
  }
}
