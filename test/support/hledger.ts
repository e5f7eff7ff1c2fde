import { spawnSync } from 'node:child_process';

const HOW = 'hledger is not installed and could not be installed here (the auditor-export test re-checks our journal with it): install it with `sudo apt-get install -y hledger` (Debian/Ubuntu) or see https://hledger.org/install.html';

const works = (command: string, args: string[]) => spawnSync(command, args, { stdio: 'ignore' }).status === 0;
const hledgerWorks = () => works('hledger', ['--version']);

/**
 * hledger is an outside oracle the tests keep: when it is missing, install it where we can (as root,
 * with apt; the package lists are refreshed if the first try finds no such package), else fail with
 * one line saying how to get it — never a skip.
 */
export function ensureHledger(): void {
  if (hledgerWorks()) return;
  if (process.getuid?.() === 0 && works('apt-get', ['--version'])) {
    const install = () => works('apt-get', ['install', '-y', '-qq', 'hledger']);
    process.stderr.write('hledger is missing: installing it (apt-get install -y hledger)\n');
    if (!install() && works('apt-get', ['update', '-qq'])) install();
  }
  if (!hledgerWorks()) throw Object.assign(new Error(HOW), { stack: HOW });
}
