import { ensureAptTool, works } from './apt-tool.js';

const HOW = 'hledger is not installed and could not be installed here (the auditor-export test re-checks our journal with it): install it with `sudo apt-get install -y hledger` (Debian/Ubuntu) or see https://hledger.org/install.html';

/** hledger is an outside oracle the tests keep: installed when missing (see ensureAptTool). */
export function ensureHledger(): void {
  ensureAptTool(() => works('hledger', ['--version']), ['hledger'], HOW);
}
