/**
 * Which `--board` names mean a real board on the link. Kept apart from the adapter so the CLI
 * can decide without loading the board link's modules (a few ms of every start).
 */

/**
 * Whether `--board target` names a board on the link: a serial device path (under /dev, or any
 * absolute path, like the pty link socat makes), mpremote's `a0`/`u0`, `auto`, `host:port` or a
 * WebREPL URL (rather than a simulated board like `mock`).
 */
export function isBoardLinkTarget(target: string): boolean {
  return target === "auto" || target.startsWith("/") || /^[acu]\d+$/.test(target) ||
    /^(wss?|webrepl):\/\//.test(target) || /^[\w.-]+:\d+$/.test(target) ||
    /^\[[0-9a-f:]+\]:\d+$/i.test(target);
}
