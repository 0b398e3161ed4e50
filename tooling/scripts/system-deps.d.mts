/** `CHROMIUM_PATH` when set, else the first Chromium or Chrome found on PATH or in the usual places; null when none. */
export function findChromium(): string | null;
/** The tmux binary on PATH, or null. */
export function findTmux(): string | null;
/** The Debian package names of the programs the tests need that are not found. */
export function missingSystemDeps(): string[];
/** The one line that says what to install and how (the same from setup and from a test). */
export function installHint(missing?: string[]): string;
/** The Chromium to launch; throws the install line when there is none. */
export function requireChromium(): string;
/** The tmux to run; throws the install line when there is none. */
export function requireTmux(): string;
