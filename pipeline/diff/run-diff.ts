import { formatMessage } from '../messages/message.ts';
import { diffSides, terminalText } from './diff-report.ts';
import { loadSide } from './load-side.ts';

/** `handlingar diff`: loads both sides, compares them and writes the report; returns the exit code. */
export async function compareEditions(
  oldArg: string, newArg: string, options: { format: string; out?: string; editionsDir: string },
): Promise<number> {
  const sides = [loadSide(oldArg, options.editionsDir), loadSide(newArg, options.editionsDir)];
  for (const [i, loaded] of sides.entries()) {
    const argument = i === 0 ? oldArg : newArg;
    if (loaded.missing) throw new Error(`"${argument}" is neither an archived edition nor a source file (\`handlingar editions\` lists the editions)`);
    if (!loaded.side) {
      for (const m of loaded.messages) process.stdout.write(`${formatMessage(m)}\n`);
      process.stdout.write(`${argument} har fel och kan inte jämföras.\n`);
      return 1;
    }
  }
  const report = diffSides(sides[0]!.side!, sides[1]!.side!);
  if (options.format === 'json') process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else if (options.format === 'text') process.stdout.write(terminalText(report));
  else throw new Error(`unknown --format "${options.format}" (use text, json, html or pdf)`);
  return 0;
}
