// Entry of `candlecast`: picks a command, parses its options, prints `error: ...` and sets the exit code.
import { parseArgs } from 'node:util';
import { resolveHome } from '../runtime/home';
import { UsageError, type CliContext, type Command } from './command';
import { commands } from './commands';

const GLOBAL_OPTIONS = {
  home: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function usage(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'usage: candlecast <command> [options] [--home DIR] [--json]',
    '',
    'commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Data home: --home DIR, else $CANDLECAST_HOME, else the current directory.',
  ].join('\n');
}

function findCommand(argv: readonly string[]): { command: Command; rest: string[] } | undefined {
  const two = `${argv[0]} ${argv[1]}`;
  const byTwo = commands.find((c) => c.name === two);
  if (byTwo) return { command: byTwo, rest: argv.slice(2) };
  const byOne = commands.find((c) => c.name === argv[0]);
  if (byOne) return { command: byOne, rest: argv.slice(1) };
  return undefined;
}

/** Runs the CLI on argv (without node and script); returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    process.stdout.write(`${usage()}\n`);
    return argv.length === 0 ? 2 : 0;
  }
  const found = findCommand(argv);
  if (!found) {
    const group = commands.filter((c) => c.name.startsWith(`${argv[0]} `));
    const hint = group.length ? ` (try: ${group.map((c) => c.name).join(', ')})` : '';
    process.stderr.write(`error: unknown command "${argv.slice(0, 2).join(' ')}"${hint}; see candlecast --help\n`);
    return 2;
  }
  const { command, rest } = found;
  try {
    const parsed = parseArgs({
      args: rest,
      options: { ...GLOBAL_OPTIONS, ...command.options },
      allowPositionals: command.positionals ?? false,
      strict: true,
    });
    if (parsed.values.help) {
      process.stdout.write(`usage: ${command.usage}\n${command.summary}\n`);
      return 0;
    }
    const ctx: CliContext = {
      home: resolveHome(parsed.values.home as string | undefined),
      json: Boolean(parsed.values.json),
      out: (text) => process.stdout.write(`${text}\n`),
      log: (text) => process.stderr.write(`${text}\n`),
      stderrIsTTY: Boolean(process.stderr.isTTY),
    };
    await command.run({ values: parsed.values as CommandArgsValues, positionals: parsed.positionals }, ctx);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    const e = err as Error & { code?: string };
    const code = exitCodeOf(e);
    process.stderr.write(`error: ${oneLine(e.message)}\n`);
    if (code === EXIT.failure && process.env.CANDLECAST_DEBUG) process.stderr.write(`${e.stack}\n`);
    return code;
  }
}

/** The CLI's exit codes (README, "CLI"). */
export const EXIT = {
  ok: 0,
  /** Candlecast failed (a bug, a broken model file, a full disk). */
  failure: 1,
  /** Bad usage or bad input: an unknown option, a bad CSV, a model or series that does not exist. */
  usage: 2,
  /** Temporarily unavailable: another process holds the data home's write lock, or an exchange cannot be reached. */
  unavailable: 3,
} as const;

/** The exit code an error deserves. */
export function exitCodeOf(e: Error & { code?: string }): number {
  if (e.code === 'unavailable' || e.name === 'StoreBusyError' || e.name === 'ExchangeUnreachableError') return EXIT.unavailable;
  const isUsage = e instanceof UsageError || (typeof e.code === 'string' && e.code.startsWith('ERR_PARSE_ARGS')) || isInputError(e);
  return isUsage ? EXIT.usage : EXIT.failure;
}

/** An error message as one line of at most 2,000 characters: control characters escaped, the rest cut. */
function oneLine(message: string): string {
  // eslint-disable-next-line no-control-regex
  const safe = message.replace(/[\u0000-\u001f\u007f-\u009f]/g, (ch) => (ch === '\n' ? ' ' : `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`));
  return safe.length > 2000 ? `${safe.slice(0, 2000)}... (${safe.length - 2000} more characters)` : safe;
}

/** Errors from core that mean the user's input was wrong (exit 2), not that Candlecast failed (exit 1). */
function isInputError(e: Error): boolean {
  if (e.name === 'CsvError' || e.name === 'ModelNotFoundError' || e.name === 'ComparisonInputError') return true;
  if (/^refusing to listen on |^CANDLECAST_TOKEN must be|^no stored candles for |^no candles (stored )?for /.test(e.message)) return true;
  return /^(invalid (symbol|exchange|timeframe|model name|training option)|unknown timeframe|Insufficient data|model not found|(steps|nStepsAhead|bars|days) must)/i.test(e.message);
}

type CommandArgsValues = Record<string, string | boolean | string[] | boolean[] | undefined>;

const isEntry = process.argv[1] && /cli\.(js|ts)$/.test(process.argv[1]);
if (isEntry || process.env.CANDLECAST_CLI === '1') {
  // Exit only once stdout has flushed: a large --json result piped to another program must arrive whole.
  const exitAfterFlush = (code: number) => process.stdout.write('', () => process.exit(code));
  main(process.argv.slice(2)).then(exitAfterFlush, (err) => {
    process.stderr.write(`error: ${(err as Error).message}\n`);
    exitAfterFlush(1);
  });
}
