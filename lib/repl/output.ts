/**
 * The REPL's output: text collected and written to a WritableStream as UTF-8
 * when the REPL is about to wait (for input or for running code), so one key
 * costs one write rather than several. `cooked` text has its `\n` sent as
 * `\r\n`, as a board's stdout does for program output on a raw terminal.
 * Protocol bytes above 0x7f (a raw-paste window size) go out as bytes, not as
 * the UTF-8 of those code points.
 */

export class ReplOutput {
  private pending = "";
  /** Output queued before `pending`, already as bytes (what writeBytes was given). */
  private ready: Uint8Array[] = [];
  private readonly writer: WritableStreamDefaultWriter<Uint8Array>;
  private readonly encoder = new TextEncoder();
  private failed = false;

  constructor(stream: WritableStream<Uint8Array>) {
    this.writer = stream.getWriter();
  }

  /** Text as is (echo, prompts, protocol bytes). */
  write(text: string): void {
    this.pending += text;
  }

  /** Bytes as they are. */
  writeBytes(bytes: Uint8Array): void {
    if (this.pending.length > 0) this.ready.push(this.encoder.encode(this.pending));
    this.pending = "";
    this.ready.push(bytes);
  }

  /** Program output: newlines become CR LF. */
  writeCooked(text: string): void {
    this.pending += text.indexOf("\n") >= 0 ? text.replace(/\r?\n/g, "\r\n") : text;
  }

  async flush(): Promise<void> {
    if ((this.pending.length === 0 && this.ready.length === 0) || this.failed) return;
    let data = this.encoder.encode(this.pending);
    this.pending = "";
    if (this.ready.length > 0) {
      const parts = [...this.ready, data];
      this.ready = [];
      data = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
      let offset = 0;
      for (const part of parts) {
        data.set(part, offset);
        offset += part.length;
      }
    }
    try {
      await this.writer.write(data);
    } catch {
      this.failed = true; // the other end went away: output is dropped from now on
    }
  }

  async close(): Promise<void> {
    await this.flush();
    try {
      await this.writer.close();
    } catch {
      // already closed or errored
    }
  }
}
