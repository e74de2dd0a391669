import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';

const CHUNK = 64 * 1024;

/**
 * A zip entry written now and read later, kept in a temporary file instead of memory. ExcelJS writes
 * a sheet's comments into their own entry while the sheet is still being written, and the zip takes
 * entries one at a time: held in memory, 100,000 annotated rows' notes would wait there in full.
 * ExcelJS calls `write(text)` and `end()`; the zip reads `readable` when the entry's turn comes.
 */
export class FileSpool extends EventEmitter {
  readonly readable: Readable;
  private readonly dir: string;
  private readonly fd: number;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private size = 0;
  private readAt = 0;
  private ended = false;
  private waitingReader = false;
  private closed = false;

  constructor(tempDir = os.tmpdir()) {
    super();
    this.dir = fs.mkdtempSync(path.join(tempDir, 'injecttool-xlsx-'));
    this.fd = fs.openSync(path.join(this.dir, 'entry'), 'w+');
    this.readable = new Readable({
      read: () => this.pump(),
      destroy: (err, callback) => {
        this.release();
        callback(err);
      },
    });
  }

  write(chunk: string | Buffer): boolean {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    this.pending.push(buffer);
    this.pendingBytes += buffer.length;
    if (this.pendingBytes >= CHUNK) this.flush();
    return true;
  }

  end(): this {
    this.flush();
    this.ended = true;
    this.emit('finish');
    if (this.waitingReader) this.pump();
    return this;
  }

  private pump(): void {
    if (!this.ended) {
      this.waitingReader = true;
      return;
    }
    this.waitingReader = false;
    if (this.readAt >= this.size) {
      this.release();
      this.readable.push(null);
      return;
    }
    const buffer = Buffer.allocUnsafe(Math.min(CHUNK, this.size - this.readAt));
    const n = fs.readSync(this.fd, buffer, 0, buffer.length, this.readAt);
    this.readAt += n;
    this.readable.push(buffer.subarray(0, n));
  }

  private flush(): void {
    if (!this.pendingBytes) return;
    const buffer = Buffer.concat(this.pending, this.pendingBytes);
    fs.writeSync(this.fd, buffer, 0, buffer.length, this.size);
    this.size += buffer.length;
    this.pending = [];
    this.pendingBytes = 0;
  }

  private release(): void {
    if (this.closed) return;
    this.closed = true;
    fs.closeSync(this.fd);
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
