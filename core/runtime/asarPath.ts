/**
 * The twin of `path` outside an Electron asar archive: the first `app.asar` segment becomes `app.asar.unpacked`.
 * Worker scripts and native addons cannot run from inside the archive, so a packaged app ships them unpacked
 * (package.json build.asarUnpack); paths without an `app.asar` segment come back unchanged.
 */
export function unpackedAsarPath(path: string): string {
  return path.replace(/(^|[\\/])app\.asar(?=[\\/]|$)/, '$1app.asar.unpacked');
}
