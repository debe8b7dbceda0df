import { parse } from 'csv-parse/sync';
import type { EntityManager } from 'typeorm';
import { ErrorCode } from '../../graphql/errors';
import type { LocalDate } from '../../graphql/scalars';
import { Member } from '../entities/member.entity';
import { MembershipChange } from '../entities/membership-period.entity';
import { OrgUnit } from '../entities/org-unit.entity';
import { Education, Gender, MemberCategory } from '../enums';
import { subtreeEnd } from '../tree-rules';
import { checkNewMember, type MemberFacts, type NewMember } from './member-rules';
import type { MemberService } from './member.service';
import type { Message } from '../../messages/catalogue';
import { CORE_MESSAGES as M } from '../../messages/core';

/** Header names accepted for each column, Chinese or English. */
const COLUMNS: Record<string, string[]> = {
  name: ['姓名', 'name'],
  gender: ['性别', 'gender'],
  ethnicity: ['民族', 'ethnicity'],
  birthDate: ['出生日期', 'birthdate', 'birth_date'],
  idCardNumber: ['身份证号', '身份证号码', 'idcardnumber', 'id_card_number'],
  phone: ['联系电话', '手机', '电话', 'phone'],
  education: ['学历', 'education'],
  category: ['党员类别', '类别', 'category'],
  joinedOn: ['入党日期', '入党时间', 'joinedon', 'joined_on'],
  fullMemberSince: ['转正日期', '转正时间', 'fullmembersince', 'full_member_since'],
  branchCode: ['支部代码', '所在支部代码', 'branchcode', 'branch_code'],
  partyGroupCode: ['党小组代码', 'partygroupcode', 'party_group_code'],
  occupation: ['职业', 'occupation'],
  volunteer: ['志愿者', 'volunteer'],
};
const REQUIRED = ['name', 'category', 'joinedOn', 'branchCode'];

const LABELS: Record<string, Record<string, string>> = {
  gender: { 男: Gender.MALE, 女: Gender.FEMALE },
  education: {
    小学: Education.PRIMARY_OR_BELOW,
    小学及以下: Education.PRIMARY_OR_BELOW,
    初中: Education.JUNIOR_SECONDARY,
    高中: Education.SENIOR_SECONDARY,
    中专: Education.SENIOR_SECONDARY,
    '高中、中专': Education.SENIOR_SECONDARY,
    大专: Education.JUNIOR_COLLEGE,
    本科: Education.BACHELOR,
    大学本科: Education.BACHELOR,
    研究生: Education.POSTGRADUATE,
    硕士: Education.POSTGRADUATE,
    博士: Education.POSTGRADUATE,
  },
  category: {
    农村: MemberCategory.RURAL,
    农村党员: MemberCategory.RURAL,
    社区: MemberCategory.COMMUNITY,
    社区党员: MemberCategory.COMMUNITY,
    机关: MemberCategory.AGENCY_INSTITUTION,
    事业单位: MemberCategory.AGENCY_INSTITUTION,
    机关事业单位党员: MemberCategory.AGENCY_INSTITUTION,
    企业: MemberCategory.ENTERPRISE_SOCIAL,
    社会组织: MemberCategory.ENTERPRISE_SOCIAL,
    非公企业和社会组织党员: MemberCategory.ENTERPRISE_SOCIAL,
    离退休: MemberCategory.RETIRED,
    离退休党员: MemberCategory.RETIRED,
    学生: MemberCategory.STUDENT,
    学生党员: MemberCategory.STUDENT,
    其他: MemberCategory.OTHER,
  },
};
const ENUMS: Record<string, object> = { gender: Gender, education: Education, category: MemberCategory };

export interface ImportProblem {
  line: number;
  field: string | null;
  /** A catalogue message that names a column as the file's header named it. */
  message: Message;
  /** BAD_USER_INPUT unless said otherwise (CONFLICT for an ID card number already recorded). */
  code?: ErrorCode;
}

/**
 * What to answer for the lines whose ID card number is already recorded (each with the member
 * holding it): only what the viewer may know (see src/org/id-card-probes.ts).
 */
export type IdCardLinesTaken = (lines: { line: number; holder: Member }[]) => Promise<ImportProblem[]>;

/** For work without a viewer (the CLI import): every line, with the plain message. */
export const idCardLinesTaken: IdCardLinesTaken = async (lines) =>
  lines.map(({ line }) => ({
    line,
    field: 'idCardNumber',
    message: M.idCardRecorded(),
    code: ErrorCode.CONFLICT,
  }));

export type ImportResult = { imported: number[]; problems: [] } | { imported: []; problems: ImportProblem[] };

/** Members from CSV: parse, check every row, and write all rows or none. */
export class MemberImportService {
  constructor(private readonly members: MemberService) {}

  async import(
    tx: EntityManager,
    csv: string,
    under: OrgUnit,
    today: LocalDate,
    taken: IdCardLinesTaken = idCardLinesTaken,
  ): Promise<ImportResult> {
    let records: { record: string[]; info: { lines: number } }[];
    try {
      records = parse(csv, {
        bom: true,
        trim: true,
        skip_empty_lines: true,
        relax_column_count: false,
        info: true,
      }) as unknown as typeof records;
    } catch (err) {
      return {
        imported: [],
        problems: [
          {
            line: (err as { lines?: number }).lines ?? 0,
            field: null,
            message: M.csvUnreadable({ detail: (err as Error).message }),
          },
        ],
      };
    }
    if (records.length === 0) return { imported: [], problems: [{ line: 1, field: null, message: M.csvEmpty() }] };
    const [header, ...rows] = records;
    const { columns, problems } = mapHeader(header.record);
    // A column is named in messages as the file named it (`入党日期`, not joinedOn).
    const column = (k: string) => {
      const i = columns.get(k);
      return i === undefined ? (COLUMNS[k]?.[0] ?? k) : header.record[i].trim();
    };
    const named = (message: Message, k: string): Message =>
      'field' in message.params ? { ...message, params: { ...message.params, field: column(k) } } : message;
    if (problems.length) return { imported: [], problems };
    if (rows.length === 0) return { imported: [], problems: [{ line: 2, field: null, message: M.csvNoRows() }] };

    const codes = [
      ...new Set(
        rows
          .flatMap((r) => [cell(r.record, columns, 'branchCode'), cell(r.record, columns, 'partyGroupCode')])
          .filter(Boolean),
      ),
    ] as string[];
    const units = new Map(
      (await tx.getRepository(OrgUnit).createQueryBuilder('u').where('u.code = ANY(:codes)', { codes }).getMany()).map(
        (u) => [u.code, u],
      ),
    );
    const inScope = (u: OrgUnit) => u.path >= under.path && u.path < subtreeEnd(under.path);

    type Row = { line: number; facts?: MemberFacts; branch?: OrgUnit; group?: OrgUnit; problems: ImportProblem[] };
    const checkedRows: Row[] = [];
    const seenIds = new Map<string, number>();
    for (const { record, info } of rows) {
      const line = info.lines;
      const rowProblems: ImportProblem[] = [];
      const value = (k: string) => cell(record, columns, k);
      const enumValue = (k: string) => {
        const raw = value(k);
        if (!raw) return null;
        const mapped =
          LABELS[k]?.[raw] ?? (Object.values(ENUMS[k]).includes(raw.toUpperCase()) ? raw.toUpperCase() : undefined);
        if (!mapped) rowProblems.push({ line, field: k, message: M.unknownValue({ field: column(k), value: raw }) });
        return mapped ?? null;
      };
      const input: NewMember = {
        name: value('name') ?? '',
        gender: enumValue('gender') as Gender | null,
        ethnicity: value('ethnicity'),
        birthDate: value('birthDate'),
        idCardNumber: value('idCardNumber'),
        phone: value('phone'),
        education: enumValue('education') as Education | null,
        category: enumValue('category') as MemberCategory,
        joinedOn: value('joinedOn') ?? '',
        fullMemberSince: value('fullMemberSince'),
        occupation: value('occupation'),
        volunteer: ['是', 'y', 'yes', 'true', '1'].includes((value('volunteer') ?? '').toLowerCase()),
      };
      const branchCode = value('branchCode') ?? '';
      const branch = units.get(branchCode);
      if (!branch || !inScope(branch))
        rowProblems.push({
          line,
          field: 'branchCode',
          message: M.noBranchWithCode({ code: branchCode, under: under.name }),
        });
      const groupCode = value('partyGroupCode');
      const group = groupCode ? units.get(groupCode) : undefined;
      if (groupCode && !group)
        rowProblems.push({ line, field: 'partyGroupCode', message: M.noGroupWithCode({ code: groupCode }) });
      if (!input.category && !rowProblems.some((p) => p.field === 'category'))
        rowProblems.push({ line, field: 'category', message: M.required({ field: column('category') }) });

      const { facts, problems: factProblems } = checkNewMember(input, today);
      rowProblems.push(
        ...factProblems
          .filter((p) => !(p.field === 'category' && !input.category))
          .map((p) => ({ line, field: p.field, message: named(p.message, p.field) })),
      );
      if (facts?.idCardNumber) {
        const earlier = seenIds.get(facts.idCardNumber);
        if (earlier) rowProblems.push({ line, field: 'idCardNumber', message: M.idCardOnLine({ line: earlier }) });
        else seenIds.set(facts.idCardNumber, line);
      }
      checkedRows.push({
        line,
        facts,
        branch: branch && inScope(branch) ? branch : undefined,
        group,
        problems: rowProblems,
      });
    }
    // Branch and group rules for all rows at once (one query), then every row's problems in line order.
    const placed = checkedRows.filter((r) => r.branch);
    const placementProblems = await this.members.checkPlacement(
      tx,
      placed.map((r) => ({ branchId: r.branch!.id, partyGroupId: r.group?.id ?? null })),
    );
    placed.forEach((r, i) =>
      r.problems.push(
        ...placementProblems[i].map((p) => ({
          line: r.line,
          field: p.field === 'branchId' ? 'branchCode' : 'partyGroupCode',
          message: p.message,
        })),
      ),
    );
    for (const r of checkedRows) problems.push(...r.problems);
    if (seenIds.size > 0) {
      // One array parameter, not one per number: PostgreSQL takes at most 65,535 parameters (a 100,000-row
      // import failed on it).
      const holders = await tx
        .getRepository(Member)
        .createQueryBuilder('m')
        .where('m.id_card_number = ANY(:ids)', { ids: [...seenIds.keys()] })
        .getMany();
      if (holders.length)
        problems.push(
          ...(await taken(
            holders
              .map((holder) => ({ line: seenIds.get(holder.idCardNumber!)!, holder }))
              .sort((a, b) => a.line - b.line),
          )),
        );
    }
    if (problems.length) return { imported: [], problems: problems.sort((a, b) => a.line - b.line) };
    const ready = checkedRows.map((r) => ({
      facts: r.facts!,
      branchId: r.branch!.id,
      partyGroupId: r.group?.id ?? null,
    }));
    const imported = await this.members.insertMany(tx, ready, MembershipChange.IMPORTED);
    return { imported, problems: [] };
  }
}

function mapHeader(header: string[]): { columns: Map<string, number>; problems: ImportProblem[] } {
  const columns = new Map<string, number>();
  const problems: ImportProblem[] = [];
  header.forEach((raw, i) => {
    const name = raw.trim().toLowerCase();
    const key = Object.keys(COLUMNS).find((k) => COLUMNS[k].includes(name));
    if (!key)
      problems.push({
        line: 1,
        field: raw,
        message: M.unknownColumn({ column: raw, known: Object.values(COLUMNS).map((c) => c[0]) }),
      });
    else if (columns.has(key)) problems.push({ line: 1, field: raw, message: M.columnTwice({ column: raw }) });
    else columns.set(key, i);
  });
  for (const k of REQUIRED)
    if (!columns.has(k))
      problems.push({ line: 1, field: k, message: M.missingColumn({ column: COLUMNS[k][0], key: k }) });
  return { columns, problems };
}

function cell(record: string[], columns: Map<string, number>, key: string): string | null {
  const i = columns.get(key);
  const v = i === undefined ? undefined : record[i];
  return v === undefined || v === '' ? null : v;
}
