import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '../../server';
import { createService } from '../../service';
import { candlecastVersion, packageRoot } from '../../runtime/packageRoot';
import { intOpt, stringOpt, type Command } from '../command';
import { clockFromEnv } from '../testClock';

/** `candlecast serve`: the REST API (and with --web the built renderer) on one local server until Ctrl+C. */
export const serveCommand: Command = {
  name: 'serve',
  summary: 'run the local REST API (with --web also the app in a browser) on 127.0.0.1',
  usage: 'candlecast serve [--port 8000] [--host 127.0.0.1] [--home DIR] [--web] [--json]',
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    web: { type: 'boolean' },
  },
  async run(args, ctx) {
    const port = intOpt(args, 'port', 8000, 0, 65535);
    const host = stringOpt(args, 'host') ?? '127.0.0.1';
    let staticDir: string | undefined;
    if (args.values.web) {
      staticDir = join(packageRoot(), 'out', 'renderer');
      if (!existsSync(join(staticDir, 'index.html'))) {
        throw new Error(`the renderer is not built (${staticDir}/index.html is missing); run npm run web, which builds it first`);
      }
    }
    const service = createService({ home: ctx.home, clock: clockFromEnv() });
    let server;
    try {
      server = await startServer(service, {
        host, port, staticDir, token: process.env.CANDLECAST_TOKEN || undefined, version: candlecastVersion(),
        onError: (err) => ctx.log(`error: ${(err as Error).stack ?? String(err)}`),
        onNotice: (line) => ctx.log(`note: ${line}`),
      });
    } catch (err) {
      await service.close();
      throw err;
    }
    if (ctx.json) ctx.out(JSON.stringify({ url: server.url, api: `${server.url}/api`, web: Boolean(staticDir), home: ctx.home.root }));
    else {
      ctx.out(staticDir ? `Candlecast is running at ${server.url}/` : `Candlecast API at ${server.url}/api (OpenAPI: ${server.url}/api/openapi.json)`);
      ctx.log(`data home ${ctx.home.root}; Ctrl+C stops the server`);
    }
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    ctx.log('stopping...');
    await server.close();
    await service.close();
  },
};
