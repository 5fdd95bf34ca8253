import type { Command } from '../command';
import { doctorCommand } from './doctor';
import { dataFetchCommand } from './dataFetch';
import { dataImportCommand } from './dataImport';
import { dataListCommand } from './dataList';
import { dataExportCommand } from './dataExport';
import { modelsCommand } from './models';
import { trainCommand } from './train';
import { predictCommand } from './predict';
import { evaluateCommand } from './evaluate';
import { serveCommand } from './serve';
import { featuresCommand } from './features';
import { backtestCommand } from './backtest';
import { compareCommand } from './compare';
import { watchCommand } from './watch';

/** Every CLI command, in the order `candlecast --help` lists them. Add one line per command. */
export const commands: readonly Command[] = [
  doctorCommand,
  dataFetchCommand,
  dataImportCommand,
  dataListCommand,
  dataExportCommand,
  trainCommand,
  predictCommand,
  evaluateCommand,
  backtestCommand,
  compareCommand,
  modelsCommand,
  serveCommand,
  watchCommand,
  featuresCommand,
];
