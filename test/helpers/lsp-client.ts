import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { projectRoot } from '../../pipeline/core/paths.ts';

interface Incoming {
  id?: number;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { message: string };
}

/** What the server published for a file: the document version it is about, and the diagnostics. */
export interface Published {
  uri: string;
  version?: number;
  diagnostics: Array<{
    range: { start: { line: number; character: number }; end: { line: number; character: number } };
    severity: number;
    code: string;
    message: string;
  }>;
}

/**
 * An editor's end of `handlingar lsp`: starts the command as a process of its
 * own and speaks LSP's JSON-RPC with it over stdio (Content-Length framed).
 */
export class LspClient {
  private readonly child: ChildProcessWithoutNullStreams;
  private buffer = Buffer.alloc(0);
  private nextId = 0;
  private readonly pending = new Map<number, (message: Incoming) => void>();
  private readonly notifications: Incoming[] = [];
  private readonly waiting = new Set<() => void>();
  stderr = '';

  constructor(args: string[], cwd: string) {
    this.child = spawn(process.execPath, [join(projectRoot, 'bin', 'handlingar.js'), ...args], { cwd });
    this.child.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
    this.child.stderr.on('data', (chunk: Buffer) => {
      this.stderr += String(chunk);
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, end).toString('ascii'))![1]);
      if (this.buffer.length < end + 4 + length) return;
      const message = JSON.parse(this.buffer.subarray(end + 4, end + 4 + length).toString('utf8')) as Incoming;
      this.buffer = this.buffer.subarray(end + 4 + length);
      if (message.id !== undefined && message.method === undefined) this.pending.get(message.id)?.(message);
      else if (message.id !== undefined) this.send({ jsonrpc: '2.0', id: message.id, result: null });
      else {
        this.notifications.push(message);
        for (const wake of this.waiting) wake();
      }
    }
  }

  private send(message: object): void {
    const body = JSON.stringify(message);
    this.child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  }

  async request<T>(method: string, params: unknown): Promise<T> {
    const id = ++this.nextId;
    const answer = new Promise<Incoming>((resolve) => this.pending.set(id, resolve));
    this.send({ jsonrpc: '2.0', id, method, params });
    const message = await answer;
    if (message.error) throw new Error(`${method}: ${message.error.message}`);
    return message.result as T;
  }

  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  async initialize(): Promise<{ capabilities: Record<string, unknown> }> {
    const result = await this.request<{ capabilities: Record<string, unknown> }>('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
    this.notify('initialized', {});
    return result;
  }

  open(file: string, text: string, version = 1): string {
    const uri = pathToFileURL(file).href;
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text } });
    return uri;
  }

  /** Replaces the whole text of an open file, as an editor does after an edit. */
  change(uri: string, text: string, version: number): void {
    this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  /** The diagnostics published for `uri` at `version` (waits for them). */
  diagnostics(uri: string, version: number): Promise<Published> {
    return this.published((p) => p.uri === uri && p.version === version);
  }

  /** The next diagnostics published for `uri` from now on, whatever its version (call it before what makes them). */
  nextDiagnostics(uri: string): Promise<Published> {
    const from = this.notifications.length;
    return this.published((p, index) => p.uri === uri && index >= from);
  }

  private published(wanted: (p: Published, index: number) => boolean): Promise<Published> {
    const find = () =>
      this.notifications.find((n, index) => n.method === 'textDocument/publishDiagnostics' && wanted(n.params as Published, index))?.params as
        | Published
        | undefined;
    return new Promise((resolve) => {
      const check = () => {
        const found = find();
        if (!found) return;
        this.waiting.delete(check);
        resolve(found);
      };
      this.waiting.add(check);
      check();
    });
  }

  /** Ends the server as an editor does (shutdown, exit) and waits for its exit code. */
  async stop(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => this.child.once('exit', (code) => resolve(code)));
    await this.request('shutdown', null);
    this.notify('exit', null);
    return exited;
  }

  /** Ends the process without asking, when a test failed half-way (only this process, by its id). */
  kill(): void {
    if (this.child.exitCode === null) process.kill(this.pid);
  }
}
