import type { Command } from '../command';
import { doctorCommand } from './doctor';
import { modelsCommand } from './models';
import { serveCommand } from './serve';

/** Every CLI command, in the order `candlecast --help` lists them. Add one line per command. */
export const commands: readonly Command[] = [
  doctorCommand,
  modelsCommand,
  serveCommand,
];
