import { existsSync } from 'node:fs';
import { ensureAptTool, works } from '../test/support/apt-tool';

export const CHROMIUM = '/usr/bin/chromium';

const HOW =
  'The browser tests drive Debian\'s Chromium with the Noto CJK fonts and could not install them here: run `sudo apt-get install -y chromium fonts-noto-cjk` (Debian/Ubuntu).';

/** Debian's Chromium and the CJK fonts (Chinese on screen and in screenshots), installed when missing. */
export function ensureBrowser(): void {
  const present = () => existsSync(CHROMIUM) && works('sh', ['-c', "fc-list | grep -qi 'Noto Sans CJK'"]);
  ensureAptTool(present, ['chromium', 'fonts-noto-cjk'], HOW);
}
