import { defineMessages } from './catalogue';
import { ErrorReason as R } from './core';

/** What `npm run backup` and `npm run restore` tell the operator (src/cli/backup.ts, src/cli/restore.ts). */
export const CLI_MESSAGES = defineMessages('operations', {
  backupDone: {
    reason: R.INTERNAL,
    zh: '已备份到 {file}：{files} 个文件，{mb} MB（PostgreSQL {version}，迁移 {migration}）',
    en: 'Backed up to {file}: {files} files, {mb} MB (PostgreSQL {version}, migration {migration})',
  },
  restoreDone: {
    reason: R.INTERNAL,
    zh: '已从 {file} 恢复（备份于 {createdAt}，迁移 {migration}）',
    en: 'Restored from {file} (backed up at {createdAt}, migration {migration})',
  },
  usage: {
    reason: R.REQUIRED,
    zh: '用法：npm run {command} -- <备份文件>',
    en: 'usage: npm run {command} -- <backup file>',
  },
  noCluster: {
    reason: R.NOT_FOUND,
    zh: '{dir} 中没有数据库（DATA_DIR 设对了吗？）',
    en: 'there is no database in {dir} (is DATA_DIR right?)',
  },
  serverRunning: {
    reason: R.WRONG_STATE,
    zh: '服务器正在使用 {dir}（PostgreSQL 进程 {pid}）：请先停止服务器再恢复',
    en: 'the server is using {dir} (PostgreSQL pid {pid}): stop it before restoring',
  },
  databaseInUse: {
    reason: R.WRONG_STATE,
    zh: '数据库 {database} 还有 {sessions} 个其他连接（服务器在运行？）：请先停止服务器再恢复',
    en: 'the database {database} has {sessions} other connection(s) (is the server running?): stop it before restoring',
  },
  leftoverRestore: {
    reason: R.WRONG_STATE,
    zh: '上一次恢复未完成，原数据目录留在 {dir}：请确认后将其改回 {target} 或删除，再重试',
    en: 'an earlier restore did not finish and left the previous data directory in {dir}: move it back to {target} or delete it, then retry',
  },
  badBackupFile: {
    reason: R.INVALID_FORMAT,
    zh: '备份文件 {file} 无法使用，未做任何改动：{problem}',
    en: 'the backup file {file} cannot be used; nothing was changed: {problem}',
  },
  wrongKind: {
    reason: R.NOT_ALLOWED_HERE,
    zh: '{file} 是{kind}的备份，不能恢复到{target}',
    en: '{file} is a backup of {kind} and cannot be restored into {target}',
  },
  wrongMajor: {
    reason: R.NOT_ALLOWED_HERE,
    zh: '{file} 是 PostgreSQL {backup} 的备份，这里是 PostgreSQL {here}：请用相同大版本恢复',
    en: '{file} was taken from PostgreSQL {backup}, this is PostgreSQL {here}: restore it with the same major version',
  },
  toolMissing: {
    reason: R.NOT_FOUND,
    zh: '找不到 PostgreSQL {major} 的 {tool}（服务器是 {major} 版）：请安装（Debian：postgresql-client-{major}），或用 PG_BIN 指向其 bin 目录',
    en: 'no {tool} of PostgreSQL {major} found (the server is {major}): install it (Debian: postgresql-client-{major}) or point PG_BIN at its bin directory',
  },
  toolFailed: {
    reason: R.INTERNAL,
    zh: '{tool} 失败：{detail}',
    en: '{tool} failed: {detail}',
  },
  tablespacesUnsupported: {
    reason: R.NOT_ALLOWED_HERE,
    zh: '数据库使用了额外的表空间，本备份方式不支持',
    en: 'the cluster has extra tablespaces, which this backup does not cover',
  },
  walMissing: {
    reason: R.INTERNAL,
    zh: '备份所需的 WAL 段（{from} 至 {to}）不全',
    en: 'the WAL segments the backup needs ({from} to {to}) are not all there',
  },
  restoreFailed: {
    reason: R.INTERNAL,
    zh: '恢复后的数据库未能启动，原数据目录已放回：{detail}',
    en: 'the restored database did not start; the previous data directory is back in place: {detail}',
  },
  kindCluster: { reason: R.INTERNAL, zh: '内置数据库', en: 'the embedded database' },
  kindDump: { reason: R.INTERNAL, zh: 'DATABASE_URL 数据库', en: 'a DATABASE_URL database' },
});
