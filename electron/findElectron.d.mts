/** The Electron executable, or null when none is installed. */
export function findElectronBinary(): string | null;
/** Why Electron cannot start here, in words that point to browser mode. */
export const NO_ELECTRON_MESSAGE: string;
