/**
 * A reader that has seen enough (`pmo-guide kb export | head -1`) closes the
 * pipe, and the next write fails with EPIPE. That is the reader's choice, not
 * a failure of ours: end at once, quietly, with exit code 0. Node ignores
 * SIGPIPE, so without this the failed write surfaces as an unhandled 'error'
 * event and a stack trace. Other write errors (a full disk) stay loud.
 */
export function endQuietlyWhenStdoutCloses(stdout: NodeJS.WriteStream = process.stdout): void {
  stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}
