/** How often a server started by npm checks that npm's shell is still there. */
const CHECK_EVERY_MS = 500;

/**
 * `npm start` runs the server as `sh -c "node …"`. On SIGTERM npm passes the
 * signal to that shell only, and a shell that does not exec its one command
 * (dash, Debian's /bin/sh) dies without passing it on: the server would run
 * on, orphaned, holding the port. So when npm started us, the shell going
 * away means npm is stopping, and counts as the SIGTERM that never arrived.
 * Started any other way (`node dist/…` under systemd or in a container, as
 * docs/deploy.md says), the parent is left alone: a shell that put the server
 * in the background may exit without meaning "stop".
 */
export function stopWhenNpmStops(stop: () => void, env: NodeJS.ProcessEnv = process.env): void {
  if (!env.npm_lifecycle_event) return;
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    stop();
  }, CHECK_EVERY_MS);
  timer.unref();
}
