import { languageOf, renderMessage, type Language, type Message } from '../messages/catalogue';
import '../messages/operations';

/**
 * Exit statuses of `npm run backup` and `npm run restore` (README, "Backup and restore"); sysexits
 * values where one fits, so a timer or script can tell them apart.
 */
export const EXIT = {
  ok: 0,
  failed: 1,
  /** The backup file is damaged, cut short, or not a backup (EX_DATAERR). */
  badFile: 65,
  /** A needed program (pg_dump/pg_restore of the server's major version) is missing (EX_UNAVAILABLE). */
  toolMissing: 69,
  /** The server is running: stop it and retry (EX_TEMPFAIL). */
  serverRunning: 75,
} as const;

/** A refusal or failure of a backup or restore: a catalogue message and the exit status it ends with. */
export class OperationError extends Error {
  constructor(
    readonly text: Message,
    readonly exitCode: number,
  ) {
    super(renderMessage(text, 'en'));
  }
}

/** The operator's language from LANG/LC_ALL (en_US.UTF-8: English); Chinese otherwise, as the API. */
export function terminalLanguage(env: NodeJS.ProcessEnv = process.env): Language {
  const tag = (env.LC_ALL || env.LC_MESSAGES || env.LANG || '').split('.')[0].replace('_', '-');
  return tag && tag !== 'C' && tag !== 'POSIX' ? languageOf(tag) : 'zh';
}
