import { describe, expect, it } from 'vitest';
import { unpackedAsarPath } from '../../core/runtime/asarPath';

describe('unpackedAsarPath', () => {
  it('maps a path inside app.asar to its twin in app.asar.unpacked', () => {
    expect(unpackedAsarPath('/opt/Candlecast/resources/app.asar/out/core/workers/service-train.js'))
      .toBe('/opt/Candlecast/resources/app.asar.unpacked/out/core/workers/service-train.js');
    expect(unpackedAsarPath('/Applications/Candlecast.app/Contents/Resources/app.asar/out/native/Release/candlecast_lightgbm.node'))
      .toBe('/Applications/Candlecast.app/Contents/Resources/app.asar.unpacked/out/native/Release/candlecast_lightgbm.node');
  });

  it('maps Windows paths and the archive itself', () => {
    expect(unpackedAsarPath('C:\\Program Files\\Candlecast\\resources\\app.asar\\out\\native\\Release\\candlecast_lightgbm.node'))
      .toBe('C:\\Program Files\\Candlecast\\resources\\app.asar.unpacked\\out\\native\\Release\\candlecast_lightgbm.node');
    expect(unpackedAsarPath('/opt/Candlecast/resources/app.asar')).toBe('/opt/Candlecast/resources/app.asar.unpacked');
  });

  it('leaves paths without an app.asar segment unchanged', () => {
    for (const path of [
      '/work/main/out/core/workers/service-train.js',
      '/opt/Candlecast/resources/app.asar.unpacked/out/core/workers/service-train.js',
      '/home/me/my-app.asar/out/x.js',
      '/home/me/app.asarx/out/x.js',
      '/home/me/app.asar.bak/out/x.js',
      '/home/me/app/asar/x.js',
    ]) expect(unpackedAsarPath(path)).toBe(path);
  });

  it('maps only the first app.asar segment', () => {
    expect(unpackedAsarPath('/r/app.asar/node_modules/app.asar/x')).toBe('/r/app.asar.unpacked/node_modules/app.asar/x');
  });
});
