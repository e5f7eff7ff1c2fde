import { spawnSync } from 'node:child_process';

export const works = (command: string, args: string[]) => spawnSync(command, args, { stdio: 'ignore' }).status === 0;

/**
 * An outside tool the tests need (hledger as an oracle, Debian's Chromium and the CJK fonts for the
 * browser tests): when it is missing, install it where we can — as root, with apt, refreshing the
 * package lists if the first try finds nothing — else fail with one line saying how to get it,
 * never a skip. A fresh machine thus needs nothing but the README's test command.
 */
export function ensureAptTool(present: () => boolean, packages: string[], how: string): void {
  if (present()) return;
  if (process.getuid?.() === 0 && works('apt-get', ['--version'])) {
    const install = () => works('apt-get', ['install', '-y', '-qq', ...packages]);
    process.stderr.write(`${packages.join(', ')} missing: installing (apt-get install -y ${packages.join(' ')})\n`);
    if (!install() && works('apt-get', ['update', '-qq'])) install();
  }
  if (!present()) throw Object.assign(new Error(how), { stack: how });
}
