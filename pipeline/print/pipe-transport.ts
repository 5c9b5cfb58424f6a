import type { Readable, Writable } from 'node:stream';
import type { ConnectionTransport } from 'puppeteer-core';

/**
 * The DevTools protocol over the pipe Chromium opens with
 * `--remote-debugging-pipe` (it reads commands on its fd 3 and writes on its
 * fd 4, each message ended by a NUL byte), instead of a WebSocket on a port.
 * A pipe belongs to the two processes: when this one ends, however it ends
 * (killed included), Chromium reads the end of its pipe and exits too; and no
 * other program on the machine can reach it.
 */
export class PipeTransport implements ConnectionTransport {
  onmessage?: (message: string) => void;
  onclose?: () => void;
  private pending: Buffer[] = [];
  private closed = false;

  constructor(
    private readonly toChromium: Writable,
    fromChromium: Readable,
  ) {
    fromChromium.on('data', (chunk: Buffer) => this.receive(chunk));
    fromChromium.on('close', () => this.end());
    fromChromium.on('error', () => this.end());
    toChromium.on('error', () => this.end());
  }

  send(message: string): void {
    // Closed before the connection was made (a Chromium that never started): tell it again, so it gives up at once.
    if (this.closed) setImmediate(() => this.onclose?.());
    else this.toChromium.write(`${message}\0`);
  }

  close(): void {
    this.end();
    this.toChromium.end();
  }

  private receive(chunk: Buffer): void {
    let start = 0;
    for (let end = chunk.indexOf(0); end >= 0; end = chunk.indexOf(0, start)) {
      const message = Buffer.concat([...this.pending, chunk.subarray(start, end)]).toString('utf8');
      this.pending = [];
      start = end + 1;
      // Handed on in a later turn, as Puppeteer's own transports do: a message may make the connection send another.
      setImmediate(() => this.onmessage?.(message));
    }
    if (start < chunk.length) this.pending.push(chunk.subarray(start));
  }

  private end(): void {
    if (this.closed) return;
    this.closed = true;
    setImmediate(() => this.onclose?.());
  }
}
