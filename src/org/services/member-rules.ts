import { plusYears } from '../../calendar';
import type { ErrorCode } from '../../graphql/errors';
import { isCalendarDate, type LocalDate } from '../../graphql/scalars';
import { Education, Gender, MemberCategory, MemberStatus } from '../enums';
import { normaliseIdCard, parseIdCard } from '../id-card';
import { PHONE } from '../personal-data';
import { CORE_MESSAGES as M, LABELS } from '../../messages/core';
import type { Message } from '../../messages/catalogue';
import { enumLabel } from '../../graphql/enum';

export interface NewMember {
  name: string;
  gender?: Gender | null;
  ethnicity?: string | null;
  birthDate?: LocalDate | null;
  idCardNumber?: string | null;
  phone?: string | null;
  education?: Education | null;
  category: MemberCategory;
  joinedOn: LocalDate;
  fullMemberSince?: LocalDate | null;
  occupation?: string | null;
  volunteer?: boolean | null;
}

export interface Problem {
  field: string;
  /** Names the field by `params.field` (a label), so an import can name it as its file's column. */
  message: Message;
  /** BAD_USER_INPUT unless said otherwise. */
  code?: ErrorCode;
}

/** The member row's own facts, checked and completed without the database (shared by forms and CSV import). */
export interface MemberFacts {
  name: string;
  gender: Gender;
  ethnicity: string;
  birthDate: LocalDate;
  idCardNumber: string | null;
  phone: string | null;
  education: Education | null;
  category: MemberCategory;
  joinedOn: LocalDate;
  fullMemberSince: LocalDate | null;
  status: MemberStatus;
  occupation: string | null;
  volunteer: boolean;
}

/** Minimum age to join the party (party constitution). */
const MIN_JOINING_AGE = 18;

export function checkNewMember(input: NewMember, today: LocalDate): { facts?: MemberFacts; problems: Problem[] } {
  const problems: Problem[] = [];
  const name = input.name?.trim() ?? '';
  if (name.length < 1 || name.length > 100)
    problems.push({ field: 'name', message: M.lengthBetween({ field: LABELS.name, min: 1, max: 100 }) });

  let birthDate = input.birthDate ?? null;
  let gender = input.gender ?? null;
  let idCardNumber: string | null = null;
  if (input.idCardNumber) {
    idCardNumber = normaliseIdCard(input.idCardNumber);
    const parsed = parseIdCard(idCardNumber);
    if ('problem' in parsed) problems.push({ field: 'idCardNumber', message: parsed.problem });
    else {
      if (birthDate && birthDate !== parsed.birthDate)
        problems.push({
          field: 'birthDate',
          message: M.birthDateVsIdCard({ field: LABELS.birthDate, value: birthDate, fromCard: parsed.birthDate }),
        });
      if (gender && gender !== parsed.gender)
        problems.push({
          field: 'gender',
          message: M.genderVsIdCard({ field: LABELS.gender, fromCard: enumLabel(Gender, parsed.gender) }),
        });
      birthDate = parsed.birthDate;
      gender = parsed.gender;
    }
  }
  // With an invalid ID number, its own error is enough: no follow-on errors for what it would have given.
  if (!birthDate && !idCardNumber)
    problems.push({ field: 'birthDate', message: M.requiredWithout({ field: LABELS.birthDate }) });
  else if (birthDate && (!isCalendarDate(birthDate) || birthDate > today))
    problems.push({ field: 'birthDate', message: M.notPastDate({ field: LABELS.birthDate }) });
  if (!gender && !idCardNumber)
    problems.push({ field: 'gender', message: M.requiredWithout({ field: LABELS.gender }) });

  const phone = input.phone?.trim() || null;
  if (phone && !PHONE.test(phone))
    problems.push({
      field: 'phone',
      message: M.phoneShape({ field: LABELS.phone }),
    });

  if (!input.joinedOn || !isCalendarDate(input.joinedOn))
    problems.push({ field: 'joinedOn', message: M.notCalendarDate({ field: LABELS.joinedOn }) });
  else {
    if (input.joinedOn > today) problems.push({ field: 'joinedOn', message: M.inFuture({ field: LABELS.joinedOn }) });
    if (birthDate && isCalendarDate(birthDate) && input.joinedOn < plusYears(birthDate, MIN_JOINING_AGE)) {
      problems.push({
        field: 'joinedOn',
        message: M.joiningAge({ age: MIN_JOINING_AGE, field: LABELS.joinedOn, value: input.joinedOn }),
      });
    }
  }
  const fullMemberSince = input.fullMemberSince ?? null;
  if (fullMemberSince) {
    if (!isCalendarDate(fullMemberSince) || fullMemberSince > today)
      problems.push({ field: 'fullMemberSince', message: M.notPastDate({ field: LABELS.fullMemberSince }) });
    else if (input.joinedOn && fullMemberSince < input.joinedOn)
      problems.push({
        field: 'fullMemberSince',
        message: M.notBefore({ field: LABELS.fullMemberSince, other: LABELS.joinedOn }),
      });
  }
  if (!Object.values(MemberCategory).includes(input.category))
    problems.push({ field: 'category', message: M.unknownCategory({ field: LABELS.category }) });
  if (input.education && !Object.values(Education).includes(input.education))
    problems.push({ field: 'education', message: M.unknownCategory({ field: LABELS.education }) });

  if (problems.length > 0) return { problems };
  return {
    problems,
    facts: {
      name,
      gender: gender!,
      ethnicity: input.ethnicity?.trim() || '汉族',
      birthDate: birthDate!,
      idCardNumber,
      phone,
      education: input.education ?? null,
      category: input.category,
      joinedOn: input.joinedOn,
      fullMemberSince,
      status: fullMemberSince ? MemberStatus.FULL : MemberStatus.PROBATIONARY,
      occupation: input.occupation?.trim() || null,
      volunteer: input.volunteer ?? false,
    },
  };
}
