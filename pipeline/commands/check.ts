import { readFile } from 'node:fs/promises';
import { createMessage, formatMessage } from '../core/message.ts';
import { forTerminal } from '../core/text.ts';
import { type CommandModule, optionsOf } from './command.ts';

/** `handlingar check`: the machine-checkable rules of PDF/UA and PDF/A, on any PDF. */
export const checkCommand: CommandModule = (program, exit) => {
  program
    .command('check')
    .description(
      'Check PDFs against the machine-checkable rules of PDF/UA and PDF/A (tags, language, title, XMP, output intent, fonts, headings, tables, artifacts).',
    )
    .argument('<files...>', 'PDF files')
    .action(async (files: string[], _options, command) => {
      const [{ checkPdf }, { unreadable }] = await Promise.all([import('../check/check-pdf.ts'), import('../load/source-file.ts')]);
      const { lang } = optionsOf<object>(command);
      let failed = false;
      for (const file of files) {
        const bytes = await readFile(file).catch((error: NodeJS.ErrnoException) => error.code ?? 'error');
        const failures = typeof bytes === 'string' ? [createMessage(unreadable, { code: bytes }, { file })] : await checkPdf(bytes, file);
        // A warning (text only as a figure) is said, and does not fail the check.
        const errors = failures.some((f) => f.severity === 'error');
        process.stdout.write(
          forTerminal(`${errors ? '✗' : '✓'} ${file}\n${failures.map((f) => `    ${formatMessage(f, lang).replaceAll('\n', '\n    ')}\n`).join('')}`),
        );
        failed ||= errors;
      }
      exit(failed ? 1 : 0);
    });
};
