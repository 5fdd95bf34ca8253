import type { ParseArgsConfig } from 'node:util';
import type { DataHome } from '../runtime/home';

/** Thrown for bad usage or bad input: the CLI prints `error: <message>` and exits with 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** What every command receives: the data home, output mode and streams. */
export interface CliContext {
  readonly home: DataHome;
  readonly json: boolean;
  /** Machine-readable results (and tables) only. */
  readonly out: (text: string) => void;
  /** Progress and logs. */
  readonly log: (text: string) => void;
  readonly stderrIsTTY: boolean;
}

/** Parsed options of one command. */
export interface CommandArgs {
  readonly values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  readonly positionals: string[];
}

/** One CLI command; `name` may have two words (`data fetch`). */
export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  readonly options: NonNullable<ParseArgsConfig['options']>;
  readonly positionals?: boolean;
  run(args: CommandArgs, ctx: CliContext): Promise<void> | void;
}

/** A string option, or an error naming it when required and missing. */
export function stringOpt(args: CommandArgs, name: string, required: true): string;
export function stringOpt(args: CommandArgs, name: string, required?: false): string | undefined;
export function stringOpt(args: CommandArgs, name: string, required = false): string | undefined {
  const v = args.values[name];
  if (v === undefined || v === '') {
    if (required) throw new UsageError(`missing --${name}`);
    return undefined;
  }
  if (typeof v !== 'string') throw new UsageError(`--${name} needs a value`);
  return v;
}

/** An integer option within [min, max], with an error naming it. */
export function intOpt(args: CommandArgs, name: string, def: number, min: number, max: number): number {
  const raw = stringOpt(args, name);
  if (raw === undefined) return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return n;
}
