/**
 * Locks down the window: the Content-Security-Policy header, no navigation away from the app, no new windows,
 * no webviews, every permission request denied.
 */
import { shell, type Session, type WebContents } from 'electron';

/** The CSP of the app's pages (the renderer's meta tag carries the same policy). */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Denies permissions and adds the CSP header to every response of the session. */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
}

/** Blocks navigation away from `appUrl`, new windows and webviews; web links open in the system browser. */
export function hardenContents(contents: WebContents, appUrl: string): void {
  const openExternally = (url: string) => {
    if (/^https:\/\//.test(url)) void shell.openExternal(url);
  };
  contents.setWindowOpenHandler(({ url }) => {
    openExternally(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (url !== appUrl) event.preventDefault();
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
