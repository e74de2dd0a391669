import { logger } from '../../core/logger.js';

/** AdminJS's page templates (layout and login) open <head> with this script, holding the page's state as JSON. */
const STATE_SCRIPT_START = /<script>(\s*window\.REDUX_STATE = )/;
/**
 * Its last statement. JSON.stringify never writes a raw line break, so data in the state cannot
 * fake this line: the first match after the start is the template's own.
 */
const STATE_SCRIPT_END = /\n\s*window\.AdminJS = \{ Components: \{\} \};\s*<\/script>/;
const DOCUMENT = /^\s*<!DOCTYPE html>/i;

/**
 * Gives AdminJS's inline scripts the response's CSP nonce, so the panel runs under a policy
 * without 'unsafe-inline' scripts. The state script embeds user data (names, titles) as JSON
 * without escaping `<`: a value holding `</script><script>...` would open a script of its own,
 * and that script must not get the nonce. So every `<` inside it is first written `\u003c` (the
 * same string to JavaScript); after that the only bare `<script>` tags left are the template's.
 */
export function withScriptNonces(html: string, nonce: string): string {
  if (!DOCUMENT.test(html)) return html;
  const start = STATE_SCRIPT_START.exec(html);
  const end = start && STATE_SCRIPT_END.exec(html.slice(start.index));
  if (!start || !end) {
    logger.error('the panel page does not have the layout the CSP nonces expect (AdminJS changed its template?): inline scripts get no nonce');
    return html;
  }
  const contentStart = start.index + '<script>'.length;
  const contentEnd = start.index + end.index + end[0].lastIndexOf('</script>');
  const state = html.slice(contentStart, contentEnd).replaceAll('<', '\\u003c');
  const escaped = html.slice(0, contentStart) + state + html.slice(contentEnd);
  return escaped.replaceAll('<script>', `<script nonce="${nonce}">`);
}
