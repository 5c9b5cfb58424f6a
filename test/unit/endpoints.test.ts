import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { maskSecrets, maskUrl, parseEndpoints, webSocketOf } from '../../pipeline/print/endpoints.ts';

describe('browser service addresses (--browser-url)', () => {
  it('takes several, comma-separated or repeated, each once, blanks dropped', () => {
    expect(parseEndpoints(['http://a:9222, ws://b:3000?token=x', 'ws://b:3000?token=x', ' ', 'wss://c?token=y,']).map((e) => e.url)).toEqual([
      'http://a:9222',
      'ws://b:3000?token=x',
      'wss://c?token=y',
    ]);
    expect(parseEndpoints(undefined)).toEqual([]);
    expect(parseEndpoints('')).toEqual([]);
  });

  it('shows an address without its secrets: every query value and any password masked, the rest as given', () => {
    expect(maskUrl('http://127.0.0.1:9222')).toBe('http://127.0.0.1:9222');
    expect(maskUrl('ws://browserless:3000?token=6R0W53R135510')).toBe('ws://browserless:3000/?token=***');
    expect(maskUrl('wss://production-sfo.browserless.io/chromium?token=abc&stealth=true')).toBe(
      'wss://production-sfo.browserless.io/chromium?token=***&stealth=***',
    );
    expect(maskUrl('https://farm:hemligt@browsers.example:443/x')).toBe('https://farm:***@browsers.example/x');
    expect(maskUrl('not a url?token=abc')).toBe('not a url?***');
  });

  it("masks an address's secrets wherever a library's error quotes them, as given or as written in a URL", () => {
    const [endpoint] = parseEndpoints('ws://b:3000/?token=a b&key=hemlig');
    expect(maskSecrets('Failed to connect to ws://b:3000/?token=a%20b&key=hemlig (a b)', endpoint!)).toBe(
      'Failed to connect to ws://b:3000/?token=***&key=*** (***)',
    );
  });

  it('connects to a ws(s):// address as given, query and all; refuses what is no DevTools protocol', async () => {
    const [ws, ftp] = parseEndpoints('ws://b:3000/?token=x,ftp://b/');
    expect(await webSocketOf(ws!, new AbortController().signal)).toBe('ws://b:3000/?token=x');
    await expect(webSocketOf(ftp!, new AbortController().signal)).rejects.toThrow('ftp: is not a protocol of the DevTools service');
  });

  it('asks an http(s):// address for its WebSocket at its own path, with its query, and gives the WebSocket the query (Puppeteer drops both)', async () => {
    const asked: string[] = [];
    const server = createServer((request, response) => {
      asked.push(request.url!);
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ Browser: 'Chrome/156.0.8078.114', webSocketDebuggerUrl: 'ws://127.0.0.1:1/devtools/browser/abc' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as { port: number }).port;
      const [endpoint] = parseEndpoints(`http://127.0.0.1:${port}/farm/?token=hemlig`);
      expect(await webSocketOf(endpoint!, new AbortController().signal)).toBe('ws://127.0.0.1:1/devtools/browser/abc?token=hemlig');
      expect(asked).toEqual(['/farm/json/version?token=hemlig']);
    } finally {
      server.close();
    }
  });
});
