// The demo's progress on stderr: a bar redrawn in place on a terminal, or a line at each
// tenth when the output goes to a file or a pipe, so logs stay short.
import { duration } from "./report.js";

export function progressBar(stream: NodeJS.WriteStream) {
  let lastTenth = -1;
  const started = performance.now();
  return {
    update(done: number, total: number, label: string) {
      const share = total ? done / total : 1;
      const width = 30;
      const filled = Math.round(share * width);
      const text = `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${String(Math.round(share * 100)).padStart(3)}%  day ${done}/${total}  ${label}  ${duration(performance.now() - started)}`;
      if (stream.isTTY) {
        stream.write(`\r${text}\x1b[K`);
      } else if (Math.floor(share * 10) > lastTenth) {
        lastTenth = Math.floor(share * 10);
        stream.write(`${text}\n`);
      }
    },
    done(message: string) {
      stream.write(stream.isTTY ? `\r${message}\x1b[K\n` : `${message}\n`);
    },
  };
}
