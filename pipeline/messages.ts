/** A problem found in a source, with the place it was found and how to fix it. */
export interface Message {
  /** Path of the source file, relative to the working directory. */
  file: string;
  /** 1-based line and column of the offending YAML node (1:1 when unknown). */
  line: number;
  column: number;
  /** Stable identifier of the rule that produced the message, e.g. "schema/required". */
  ruleId: string;
  severity: 'error' | 'warning';
  /** What is wrong, in Swedish: what was expected and what was found. */
  reason: string;
  /** How to fix it, in Swedish. */
  fix?: string;
}

/** Builds a message; `severity` defaults to error. */
export function createMessage(
  file: string,
  position: { line: number; column: number },
  ruleId: string,
  reason: string,
  fix?: string,
  severity: Message['severity'] = 'error',
): Message {
  const message: Message = { file, line: position.line, column: position.column, ruleId, severity, reason };
  if (fix !== undefined) message.fix = fix;
  return message;
}

/** True when any of the messages is an error. */
export function hasErrors(messages: readonly Message[]): boolean {
  return messages.some((m) => m.severity === 'error');
}

/** Formats a message as one line (plus the fix) for a terminal: `file:line:column  fel  reason [rule]`. */
export function formatMessage(m: Message): string {
  const label = m.severity === 'error' ? 'fel' : 'varning';
  const fix = m.fix ? `\n    Åtgärd: ${m.fix}` : '';
  return `${m.file}:${m.line}:${m.column}  ${label}  ${m.reason}  [${m.ruleId}]${fix}`;
}

/** Sorts messages by file, line and column so output is stable. */
export function sortMessages(messages: readonly Message[]): Message[] {
  return [...messages].sort(
    (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId),
  );
}
