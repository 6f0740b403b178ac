/** What the tray shows, decided without Electron: which icon file and which tooltip. */

export interface TrayLook {
  /** A dark taskbar/panel needs the light glyph. */
  darkPanel: boolean;
  attentionCount: number;
}

/**
 * The base file name of the tray image. Electron's nativeImage picks up the matching `@2x` file
 * next to it on high-DPI screens. macOS uses a template image the system tints itself, so only
 * the attention dot varies there.
 */
export function trayIconFileName(look: TrayLook, platform: NodeJS.Platform): string {
  const attention = look.attentionCount > 0 ? '-attention' : '';
  if (platform === 'darwin') return look.attentionCount > 0 ? 'trayAttentionTemplate.png' : 'trayTemplate.png';
  return `tray-${look.darkPanel ? 'dark' : 'light'}${attention}.png`;
}

export function trayTooltip(appName: string, attentionCount: number, language: 'nb' | 'en'): string {
  if (attentionCount <= 0) return appName;
  // "oppdrag" is the same in singular and plural.
  if (language === 'nb') return `${appName} – ${attentionCount} oppdrag trenger oppfølging`;
  return `${appName} – ${attentionCount} ${attentionCount === 1 ? 'job needs' : 'jobs need'} attention`;
}

/** The dock/launcher badge: a count, capped so it stays legible. 0 clears it. */
export function badgeCount(attentionCount: number): number {
  return Math.max(0, Math.min(99, Math.floor(attentionCount)));
}
