/** Draws ingestion progress on a stream: a redrawn bar on a terminal, a few plain lines otherwise. */
export function progressReporter(
  stream: NodeJS.WriteStream,
  width = 28,
): { update: (p: { done: number; total: number; file: string }) => void; finish: () => void } {
  const tty = Boolean(stream.isTTY);
  let lastQuarter = -1;
  let drawn = false;
  return {
    update({ done, total, file }) {
      const ratio = total ? done / total : 1;
      if (tty) {
        const filled = Math.round(ratio * width);
        const columns = stream.columns ?? 100;
        const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${file}`;
        stream.write(`\r${line.length > columns - 1 ? line.slice(0, columns - 2) + '…' : line.padEnd(columns - 1)}`);
        drawn = true;
        return;
      }
      const quarter = Math.floor(ratio * 4);
      if (quarter !== lastQuarter || done === total) {
        lastQuarter = quarter;
        stream.write(`Indexed ${done} of ${total} files\n`);
      }
    },
    finish() {
      if (tty && drawn) stream.write('\n');
    },
  };
}
