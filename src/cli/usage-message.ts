import { BatchErrors } from '../errors';

/**
 * The text of an error the CLI reports as a usage error. The library's errors start with
 * `BatchErrors.MESSAGE_PREFIX` so hosts in other languages can recognise them; the CLI already
 * names itself at the start of the line, so the prefix would only say it twice.
 */
export function usageMessage(error: Error): string {
  const prefix = BatchErrors.MESSAGE_PREFIX;
  return error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
}
