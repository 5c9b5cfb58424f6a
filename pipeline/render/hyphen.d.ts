/** The `hyphen` package's Swedish patterns (CommonJS, no types of its own): only what render/hyphenate.ts uses. */
declare module 'hyphen/sv/index.js' {
  const sv: { hyphenateSync(text: string, options?: { hyphenChar?: string; minWordLength?: number }): string };
  export default sv;
}
