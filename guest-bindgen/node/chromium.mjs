// Launches Debian's Chromium (/usr/bin/chromium, installed by make setup)
// headless through playwright-core, which downloads no browser of its own.
// playwright gives every launch a fresh temporary profile (user data dir).
import { chromium } from 'playwright-core';

const FLAGS = [
  '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-quic',
];

export function launchChromium() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: FLAGS });
}
